/**
 * Contacts: the people Rapport keeps and every interaction with them, as other bundles and
 * plugins see them. Interactions are recorded through {@link org.rapport.contacts.api.InteractionService}
 * or by posting {@link org.rapport.contacts.api.InteractionEvents#RECORD} on Event Admin. Groups of
 * contacts are saved as segments ({@link org.rapport.contacts.api.SegmentService}), with RFM scores.
 */
@Export
@Version("2.9.0")
package org.rapport.contacts.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
