/**
 * The facts that the {@code loyalty} rule package reasons about, and the decisions it may make.
 * Rule authors import these types in {@code rules/loyalty/*.drl}.
 */
@Export
@Version("2.1.0")
package org.rapport.loyalty.facts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
