/**
 * The facts that the {@code sales} rule package reasons about (leads to score and route, open
 * opportunities that may have stalled), and the decisions it may make.
 * Rule authors import these types in {@code rules/sales/*.drl}.
 */
@Export
@Version("1.1.0")
package org.rapport.sales.facts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
