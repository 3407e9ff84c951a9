/** The sales REST resources under {@code /api/v1}: leads, public web forms, opportunities and the pipeline. */
package org.rapport.sales.impl.rest;
