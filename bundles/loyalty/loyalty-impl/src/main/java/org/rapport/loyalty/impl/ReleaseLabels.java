package org.rapport.loyalty.impl;

/** How the loyalty bundle names a rule release in its records: {@code loyalty v3}. */
final class ReleaseLabels {

    private ReleaseLabels() {
    }

    static String label(String rulePackage, long release) {
        return rulePackage + " v" + release;
    }
}
