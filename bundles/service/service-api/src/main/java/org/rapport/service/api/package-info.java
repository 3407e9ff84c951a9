/**
 * The service desk: support cases with their thread of customer messages, agent replies and
 * internal notes, a status lifecycle, service-level targets decided by the {@code service} rules,
 * the escalations of the scheduled SLA check and the figures per queue
 * ({@link org.rapport.service.api.CaseService}).
 */
@Export
@Version("1.1.0")
package org.rapport.service.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
