package org.rapport.sales.api;

import java.util.Map;

/**
 * How the pipeline has fared.
 *
 * @param byStage opportunities in each stage now, in the configured order
 * @param winRate won / (won + lost) in percent (one decimal), or null when none has closed
 * @param averageCycleDays the average number of days from opening to winning, or null
 * @param leadsByStatus leads by status
 * @param leadConversionRate converted leads / all leads in percent (one decimal), or null without leads
 * @param stageConversion for each open stage, the share in percent (one decimal) of the opportunities
 *                        that reached it which went on to a later open stage or were won (the last
 *                        open stage: were won); null for a stage none has reached
 */
public record PipelineStatistics(Map<String, Long> byStage, long won, long lost, Double winRate,
        Double averageCycleDays, Map<String, Long> leadsByStatus, Double leadConversionRate,
        Map<String, Double> stageConversion) {
}
