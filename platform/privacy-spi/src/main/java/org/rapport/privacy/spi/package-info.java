/**
 * The privacy extension points every capability and plugin implements or calls: erasure
 * participants ({@link org.rapport.privacy.spi.ErasureParticipant}, told who asks for an export by
 * {@link org.rapport.privacy.spi.ExportRequester}), data-retention sources
 * ({@link org.rapport.privacy.spi.DataRetentionSource}), the audit log and the events that add to
 * it ({@link org.rapport.privacy.spi.AuditLog}, {@link org.rapport.privacy.spi.AuditEvents}), and
 * the consent gate ({@link org.rapport.privacy.spi.ConsentGate}), asked one action at a time or a
 * page at a time ({@link org.rapport.privacy.spi.ConsentQuestion}, 1.4). The privacy capability
 * provides the log and the gate and calls the participants and sources.
 */
@Export
@Version("1.4.0")
package org.rapport.privacy.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
