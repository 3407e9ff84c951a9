/**
 * Customer retention as other bundles see it: episodes of customers at risk raised by the
 * {@code retention} rules ({@link org.rapport.retention.api.RetentionService}), the tasks and
 * offers and messages decided for them, feedback and satisfaction answers, the daily sweep
 * ({@link org.rapport.retention.api.RetentionSweep}) and retention KPIs over time.
 */
@Export
@Version("1.2.0")
package org.rapport.retention.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
