/**
 * The facts that the {@code privacy} rule package (data retention) reasons about, and the
 * decisions it may make. Rule authors import these types in {@code rules/privacy/*.drl}; a
 * {@link org.rapport.privacy.spi.DataRetentionSource} hands its records over as
 * {@link org.rapport.privacy.facts.StoredRecord}s.
 */
@Export
@Version("2.0.0")
package org.rapport.privacy.facts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
