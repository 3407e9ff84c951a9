/**
 * The sales implementation: leads captured, matched to contacts and scored by the {@code sales} rules
 * ({@link org.rapport.sales.impl.SalesServiceImpl}, {@link org.rapport.sales.impl.LeadScoring}) where the
 * consent gate allows ({@link org.rapport.sales.impl.ScoringConsent}) and routed to queues and their
 * members ({@link org.rapport.sales.impl.QueueMembers}), public web forms
 * ({@link org.rapport.sales.impl.FormCapture}), CSV import, conversion, the pipeline with its product
 * lines ({@link org.rapport.sales.impl.OpportunityLines}) and stalled deals
 * ({@link org.rapport.sales.impl.StalledDeals}, checked on a schedule), the re-scoring job
 * ({@link org.rapport.sales.impl.LeadRescoring}, a page's leads read and written in JDBC by
 * {@link org.rapport.sales.impl.RescoringRows}), erasure and export, and leads never converted under the data-retention rules
 * ({@link org.rapport.sales.impl.LeadDataRetention}). Entities are private to this bundle.
 */
package org.rapport.sales.impl;
