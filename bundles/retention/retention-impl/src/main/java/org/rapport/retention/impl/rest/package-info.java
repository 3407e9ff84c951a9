/**
 * The REST resources of retention: {@code /api/v1/retention} (customers at risk, tasks, KPIs,
 * sweeps, a customer's activity) and {@code /api/v1/feedback}.
 */
package org.rapport.retention.impl.rest;
