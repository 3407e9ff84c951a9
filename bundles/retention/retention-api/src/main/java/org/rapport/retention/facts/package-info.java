/**
 * What the {@code retention} rules see and decide: a customer's {@link
 * org.rapport.retention.facts.CustomerActivity}, and the decisions of {@link
 * org.rapport.retention.facts.RetentionDecisions} (a customer at risk, and the actions to take).
 */
@Export
@Version("1.0.0")
package org.rapport.retention.facts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
