/**
 * Rapport's rules engine as the rest of the platform sees it: hand it facts, get back
 * {@link org.rapport.rules.api.Decision decisions} that name the rule and release that made them.
 * No Drools type appears here, so no bundle but the engine depends on Drools.
 */
@Export
@Version("2.7.0")
package org.rapport.rules.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
