package org.rapport.benchmarks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.rapport.retention.facts.CustomerActivity;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.rules.api.Decision;

/**
 * The shipped retention triggers ({@code rules/retention/triggers.drl}) hand-coded in Java: the same
 * decisions with the same attributes, for the rules benchmark's baseline; and customers to run them on.
 */
final class RetentionByHand {

    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};

    private RetentionByHand() {
    }

    /** The decisions of the shipped triggers for a batch of customers. */
    static List<Decision> decide(List<CustomerActivity> batch) {
        List<Decision> decisions = new ArrayList<>();
        for (CustomerActivity c : batch) {
            String id = Long.toString(c.getContactId());
            String tier = c.getTier();
            boolean precious = "Gold".equals(tier) || "Platinum".equals(tier);
            Integer idle = c.getDaysSinceLastPurchase();
            if (idle != null && idle > 120 && !precious) {
                atRisk(decisions, id, "no-purchase", "medium", "no purchase for " + idle + " days");
                message(decisions, id, "no-purchase", "win-back", "marketing");
            }
            if (idle != null && idle > 60 && precious) {
                atRisk(decisions, id, "no-purchase", "high", tier + " member, no purchase for " + idle + " days");
                task(decisions, id, "no-purchase", "Call a " + tier + " member who stopped buying", "vip-care", 2);
                offer(decisions, id, "no-purchase", 500);
                message(decisions, id, "no-purchase", "win-back", "marketing");
            }
            if (c.getAverageSpendPer3Months().compareTo(BigDecimal.valueOf(100)) >= 0 && c.getSpendChangePercent() <= -50) {
                atRisk(decisions, id, "falling-spend", "medium",
                        "spend in the last 3 months " + c.getSpendChangePercent() + "% against the customer's average");
            }
            if (c.getAverageVisitsPer3Months() >= 3 && c.getVisitChangePercent() <= -60) {
                atRisk(decisions, id, "fewer-visits", "low",
                        "visits in the last 3 months " + c.getVisitChangePercent() + "% against the customer's average");
            }
            Integer complaint = c.getDaysSinceLastComplaint();
            if (complaint != null && complaint <= 14) {
                atRisk(decisions, id, "complaint", "medium", "complained " + complaint + " day(s) ago");
                task(decisions, id, "complaint", "Follow up on the customer's complaint", "customer-care", 1);
            }
            Integer nps = c.getLastNps();
            if (nps != null && nps <= 6) {
                atRisk(decisions, id, "low-satisfaction", nps <= 3 ? "high" : "medium",
                        "answered " + nps + " out of 10 to the NPS survey");
                task(decisions, id, "low-satisfaction", "Ask a detractor what went wrong", "customer-care", 3);
            }
            Integer csat = c.getLastCsat();
            if (csat != null && csat <= 2 && (nps == null || nps > 6)) {
                atRisk(decisions, id, "low-satisfaction", "medium", "rated " + csat + " out of 5 in a satisfaction survey");
                task(decisions, id, "low-satisfaction", "Ask a dissatisfied customer what went wrong", "customer-care", 3);
            }
            Integer inTier = c.getDaysInTier();
            String previous = c.getPreviousTier();
            if (inTier != null && inTier <= 30 && ("Platinum".equals(previous) && !"Platinum".equals(tier)
                    || "Gold".equals(previous) && ("Silver".equals(tier) || "Bronze".equals(tier))
                    || "Silver".equals(previous) && "Bronze".equals(tier))) {
                atRisk(decisions, id, "tier-downgrade", "medium", "moved down from " + previous + " to " + tier);
                offer(decisions, id, "tier-downgrade", 200);
                message(decisions, id, "tier-downgrade", "tier-downgrade", "service");
            }
            Integer unanswered = c.getDaysCaseUnanswered();
            if (unanswered != null && unanswered >= 2) {
                atRisk(decisions, id, "unanswered-case", "high",
                        "a support case has waited " + unanswered + " days for an answer");
                task(decisions, id, "unanswered-case", "Answer the customer's open support case", "support", 0);
            }
        }
        return decisions;
    }

    private static void atRisk(List<Decision> decisions, String id, String trigger, String risk, String reason) {
        add(decisions, RetentionDecisions.AT_RISK, id, Map.of(RetentionDecisions.TRIGGER, trigger,
                RetentionDecisions.RISK, risk, RetentionDecisions.REASON, reason));
    }

    private static void task(List<Decision> decisions, String id, String trigger, String title, String queue, int dueDays) {
        add(decisions, RetentionDecisions.TASK, id, Map.of(RetentionDecisions.TRIGGER, trigger,
                RetentionDecisions.TITLE, title, RetentionDecisions.QUEUE, queue,
                RetentionDecisions.DUE_DAYS, Integer.toString(dueDays)));
    }

    private static void offer(List<Decision> decisions, String id, String trigger, int points) {
        add(decisions, RetentionDecisions.OFFER, id, Map.of(RetentionDecisions.TRIGGER, trigger,
                RetentionDecisions.POINTS, Integer.toString(points)));
    }

    private static void message(List<Decision> decisions, String id, String trigger, String template, String purpose) {
        add(decisions, RetentionDecisions.MESSAGE, id, Map.of(RetentionDecisions.TRIGGER, trigger,
                RetentionDecisions.TEMPLATE, template, RetentionDecisions.CHANNEL, "email",
                RetentionDecisions.PURPOSE, purpose));
    }

    private static void add(List<Decision> decisions, String type, String id, Map<String, String> attributes) {
        decisions.add(new Decision(type, id, attributes, "hand-coded", RetentionDecisions.RULE_PACKAGE, 0));
    }

    /**
     * Customers with the spread of a live base: most quiet, some idle, slipping, unhappy or waiting
     * for an answer, so that every trigger fires for some of them.
     */
    static List<CustomerActivity> customers(int count, Random random) {
        List<CustomerActivity> customers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String tier = TIERS[random.nextInt(TIERS.length)];
            String previous = random.nextInt(4) == 0 ? TIERS[random.nextInt(TIERS.length)] : null;
            Integer daysInTier = previous == null ? null : 1 + random.nextInt(365);
            Integer idle = random.nextInt(10) == 0 ? null : random.nextInt(200);
            BigDecimal average = BigDecimal.valueOf(random.nextInt(60_000), 2);
            BigDecimal last = BigDecimal.valueOf(random.nextInt(60_000), 2);
            double averageVisits = random.nextInt(80) / 10.0;
            int visits = random.nextInt(8);
            Integer complaint = random.nextInt(5) == 0 ? random.nextInt(120) : null;
            Integer nps = random.nextInt(3) == 0 ? random.nextInt(11) : null;
            Integer csat = random.nextInt(3) == 0 ? 1 + random.nextInt(5) : null;
            Integer unanswered = random.nextInt(10) == 0 ? random.nextInt(6) : null;
            customers.add(new CustomerActivity(i, tier, previous, daysInTier, idle, random.nextInt(6), last, average,
                    visits, averageVisits, complaint, nps, csat, unanswered, 30 + random.nextInt(3000)));
        }
        return customers;
    }
}
