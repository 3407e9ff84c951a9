/** The {@code sales:*} shell commands: leads, conversion, opportunities, the pipeline and re-scoring. */
package org.rapport.sales.impl.command;
