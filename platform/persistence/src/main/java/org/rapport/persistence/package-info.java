/**
 * Transaction helpers that every Rapport bundle uses around its own {@code EntityManagerFactory}
 * or, in JDBC, around the platform's data source and an entity manager's transaction,
 * fitting text to the columns that store it, the versioned schema migrations every persistence
 * unit's tables are created and changed by ({@link org.rapport.persistence.SchemaMigrations}),
 * and the {@link org.rapport.persistence.Cluster} service that keeps a piece of work to one of
 * the nodes sharing the database, and {@link org.rapport.persistence.PagedQueue}, which does work
 * handed in one item at a time a page (a transaction) at a time, and {@link org.rapport.persistence.InLists},
 * which pads the values of an {@code IN} list to a few lengths so that its statements are prepared once.
 */
@Export
@Version("1.8.0")
package org.rapport.persistence;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
