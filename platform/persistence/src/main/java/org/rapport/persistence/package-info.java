/**
 * Transaction helpers that every Rapport bundle uses around its own {@code EntityManagerFactory}.
 */
@Export
@Version("1.1.0")
package org.rapport.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
