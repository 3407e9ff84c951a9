/**
 * The facts that the {@code service} rule package reasons about (a case as it is opened or
 * re-prioritised) and the decisions it may make (its first-response and resolution targets).
 * Rule authors import these types in {@code rules/service/*.drl}.
 */
@Export
@Version("1.0.0")
package org.rapport.service.facts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
