package org.rapport.benchmarks;

import java.math.BigDecimal;

/** A tier package of n rules over evenly spaced spend thresholds from 0 to 30,000. */
final class Tiers {
    final BigDecimal[] thresholds;
    final String label;

    Tiers(int rules, String label) {
        this.label = label;
        thresholds = new BigDecimal[rules - 1];
        for (int i = 1; i < rules; i++) {
            thresholds[i - 1] = BigDecimal.valueOf(30_000L * i / rules);
        }
    }

    String name(int tier) {
        return label + "-" + tier;
    }

    String drl(String rulePackage) {
        StringBuilder drl = new StringBuilder("package bench." + rulePackage + ";\n"
                + "import org.rapport.loyalty.facts.MemberActivity;\n"
                + "global org.rapport.rules.api.Decisions decisions;\n");
        for (int tier = 0; tier <= thresholds.length; tier++) {
            String lower = tier == 0 ? "" : "spendLast12Months >= " + thresholds[tier - 1];
            String upper = tier == thresholds.length ? "" : "spendLast12Months < " + thresholds[tier];
            String condition = lower.isEmpty() ? upper : upper.isEmpty() ? lower : lower + ", " + upper;
            drl.append("rule \"BEN-").append(tier).append(' ').append(name(tier)).append("\"\nwhen\n")
                    .append("    $m : MemberActivity( ").append(condition).append(" )\nthen\n")
                    .append("    decisions.decide(\"loyalty.set-tier\", $m.getContactId()).with(\"tier\", \"")
                    .append(name(tier)).append("\");\nend\n");
        }
        return drl.toString();
    }
}
