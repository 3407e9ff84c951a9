/**
 * Sales: leads captured from forms, imports and people, scored and routed by the {@code sales}
 * rules, qualified and converted into contacts and opportunities, and the pipeline of those
 * opportunities with their product lines, stalled deals and weighted forecast
 * ({@link org.rapport.sales.api.SalesService}).
 */
@Export
@Version("1.1.0")
package org.rapport.sales.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
