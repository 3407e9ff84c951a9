package org.rapport.rules.impl;

/** What one evaluation may spend: rule firings per fact handed in, and wall-clock time. */
record Limits(int maxFiresPerFact, long maxEvaluationMillis) {

    static final Limits DEFAULT = new Limits(1000, 10_000);

    Limits {
        if (maxFiresPerFact < 1) {
            throw new IllegalArgumentException("maxFiresPerFact must be at least 1, was " + maxFiresPerFact);
        }
        if (maxEvaluationMillis < 1) {
            throw new IllegalArgumentException("maxEvaluationMillis must be at least 1, was " + maxEvaluationMillis);
        }
    }
}
