/**
 * Contacts: the people Rapport keeps and every interaction with them, as other bundles and
 * plugins see them. Interactions are recorded through {@link org.rapport.contacts.api.InteractionService}
 * or by posting {@link org.rapport.contacts.api.InteractionEvents#RECORD} on Event Admin.
 */
@Export
@Version("2.3.0")
package org.rapport.contacts.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
