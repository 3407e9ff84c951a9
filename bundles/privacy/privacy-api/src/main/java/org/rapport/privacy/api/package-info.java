/**
 * Privacy as a capability other bundles and plugins may use: consent per contact, purpose and
 * channel with its full history and the actions the gate blocked
 * ({@link org.rapport.privacy.api.ConsentService}), erasure and export of a contact across every
 * bundle that keeps personal data ({@link org.rapport.privacy.api.ErasureService}), and data
 * retention runs and legal holds ({@link org.rapport.privacy.api.DataRetentionService}). What
 * every capability implements or calls (erasure participants, data-retention sources, the audit
 * log, the consent gate) is the platform's {@code org.rapport.privacy.spi}.
 */
@Export
@Version("2.1.0")
package org.rapport.privacy.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
