/**
 * The sales REST resources under {@code /api/v1}: leads, public web forms, opportunities and their lines, and
 * the pipeline with its stalled deals.
 */
package org.rapport.sales.impl.rest;
