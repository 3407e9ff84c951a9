/**
 * Contacts: the people Rapport keeps, as other bundles and plugins see them.
 */
@Export
@Version("1.1.0")
package org.rapport.contacts.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
