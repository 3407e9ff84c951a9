/**
 * Contacts: the people Rapport keeps and every interaction with them, as other bundles and
 * plugins see them. Interactions are recorded through {@link org.rapport.contacts.api.InteractionService}
 * (one at a time, or a page in one transaction: {@link org.rapport.contacts.api.ContactInteraction}, 3.2)
 * or by posting {@link org.rapport.contacts.api.InteractionEvents#RECORD} on Event Admin. Other
 * bundles add words to the contact search ({@link org.rapport.contacts.api.ContactSearchWord}),
 * select contacts by a condition ({@link org.rapport.contacts.api.ContactConditions}) and show
 * what they know of a contact ({@link org.rapport.contacts.api.ContactFacts}).
 */
@Export
@Version("3.3.0")
package org.rapport.contacts.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
