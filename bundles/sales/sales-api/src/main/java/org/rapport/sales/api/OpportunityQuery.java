package org.rapport.sales.api;

import java.time.YearMonth;

/**
 * Which opportunities to list; null filters select everything.
 *
 * @param closeMonth the month of the expected close date
 */
public record OpportunityQuery(String stage, String owner, YearMonth closeMonth, int offset, int limit) {
}
