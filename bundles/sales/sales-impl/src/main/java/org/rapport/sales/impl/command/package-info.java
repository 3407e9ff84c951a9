/**
 * The {@code sales:*} shell commands: leads, conversion, opportunities and their lines, the pipeline with its
 * stalled deals, and re-scoring.
 */
package org.rapport.sales.impl.command;
