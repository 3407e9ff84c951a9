/**
 * The service desk: support cases with their thread of customer messages, agent replies and
 * internal notes, a status lifecycle, service-level targets decided by the {@code service} rules,
 * the escalations of the scheduled SLA check and the figures per queue
 * ({@link org.rapport.service.api.CaseService}). An entry names the inbound message it came from
 * and the message a reply left as, with its delivery (1.1: where communication is installed); a
 * closed case's satisfaction survey and its answer are entries of the thread and the queues'
 * figures hold their mean score (1.2). Cases are listed by priority too (1.3), and move between
 * queues ({@link CaseService#move}, 1.4).
 */
@Export
@Version("1.4.0")
package org.rapport.service.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
