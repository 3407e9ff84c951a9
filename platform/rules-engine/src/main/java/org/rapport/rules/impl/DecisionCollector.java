package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.Match;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Decisions;

/**
 * The {@code decisions} global of one evaluation. It is the agenda filter of the evaluation, so
 * it sees each match just before its consequence runs: every decision is stamped with the rule
 * whose consequence made it, without rule authors having to pass the rule name themselves, and
 * firings are counted per rule to name a runaway rule. A filter rather than an agenda event
 * listener: with a listener attached, Drools builds an event object for every match created,
 * cancelled and fired, which costs about a fifth of an evaluation's time.
 */
final class DecisionCollector implements Decisions, AgendaFilter {

    private final String rulePackage;
    private final long release;
    private final List<DraftImpl> drafts = new ArrayList<>();
    private final Map<String, int[]> firings = new HashMap<>();
    private String currentRule;

    DecisionCollector(String rulePackage, long release) {
        this.rulePackage = rulePackage;
        this.release = release;
    }

    /** Called by the agenda for each match about to fire; every match is let through. */
    @Override
    public boolean accept(Match match) {
        currentRule = match.getRule().getName();
        firings.computeIfAbsent(currentRule, rule -> new int[1])[0]++;
        return true;
    }

    @Override
    public Draft decide(String type, Object subject) {
        if (currentRule == null) {
            throw new IllegalStateException("decisions can only be made from a rule's consequence");
        }
        DraftImpl draft = new DraftImpl(Objects.requireNonNull(type, "type"),
                String.valueOf(Objects.requireNonNull(subject, "subject")), currentRule);
        drafts.add(draft);
        return draft;
    }

    String currentRule() {
        return currentRule;
    }

    /** The rule that fired most often in this evaluation, or null if none fired. */
    String mostFiredRule() {
        return firings.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue()[0])).map(Map.Entry::getKey)
                .orElse(null);
    }

    /** The rules that fired in this evaluation: what scenario coverage counts. */
    Set<String> firedRules() {
        return Collections.unmodifiableSet(firings.keySet());
    }

    int firingsOf(String rule) {
        int[] count = firings.get(rule);
        return count == null ? 0 : count[0];
    }

    List<Decision> decisions() {
        List<Decision> decisions = new ArrayList<>(drafts.size());
        for (DraftImpl d : drafts) {
            decisions.add(new Decision(d.type, d.subject, d.attributes(), d.rule, rulePackage, release));
        }
        return decisions;
    }

    /** A decision being made; its attributes need a map only once there are two or more. */
    private static final class DraftImpl implements Draft {
        private final String type;
        private final String subject;
        private final String rule;
        private String name;
        private String value;
        private Map<String, String> more;

        DraftImpl(String type, String subject, String rule) {
            this.type = type;
            this.subject = subject;
            this.rule = rule;
        }

        @Override
        public Draft with(String name, Object value) {
            Objects.requireNonNull(name, "name");
            String text = String.valueOf(value);
            if (more != null) {
                more.put(name, text);
            } else if (this.name == null || this.name.equals(name)) {
                this.name = name;
                this.value = text;
            } else {
                more = new LinkedHashMap<>();
                more.put(this.name, this.value);
                more.put(name, text);
            }
            return this;
        }

        Map<String, String> attributes() {
            return more != null ? more : name == null ? Map.of() : Collections.singletonMap(name, value);
        }
    }
}
