package org.rapport.rules.api;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of one evaluation: the release that ran and the decisions it made, in firing order. */
public final class Evaluation {

    private final Release release;
    private final List<Decision> decisions;
    private final int rulesFired;

    public Evaluation(Release release, List<Decision> decisions, int rulesFired) {
        this.release = release;
        this.decisions = List.copyOf(decisions);
        this.rulesFired = rulesFired;
    }

    public Release release() {
        return release;
    }

    public List<Decision> decisions() {
        return decisions;
    }

    /** The decisions of one type about one subject, in firing order. */
    public List<Decision> decisions(String type, Object subject) {
        String key = String.valueOf(subject);
        return decisions.stream()
                .filter(d -> d.type().equals(type) && d.subject().equals(key))
                .collect(Collectors.toList());
    }

    public int rulesFired() {
        return rulesFired;
    }
}
