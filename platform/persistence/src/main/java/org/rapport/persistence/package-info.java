/**
 * Transaction helpers that every Rapport bundle uses around its own {@code EntityManagerFactory},
 * and fitting text to the columns that store it.
 */
@Export
@Version("1.2.0")
package org.rapport.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
