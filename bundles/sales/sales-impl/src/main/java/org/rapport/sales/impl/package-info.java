/**
 * The sales implementation: leads captured, matched to contacts and scored by the {@code sales} rules
 * ({@link org.rapport.sales.impl.SalesServiceImpl}, {@link org.rapport.sales.impl.LeadScoring}), public
 * web forms ({@link org.rapport.sales.impl.FormCapture}), CSV import, conversion, the pipeline, the
 * re-scoring job, and erasure and export. Entities are private to this bundle.
 */
package org.rapport.sales.impl;
