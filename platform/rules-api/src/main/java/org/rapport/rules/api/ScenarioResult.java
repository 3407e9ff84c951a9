package org.rapport.rules.api;

import java.util.Objects;

/**
 * The outcome of one scenario of a rule package: given these facts, expect these decisions.
 *
 * @param file the scenario file, e.g. {@code tiers.scenarios.yaml}
 * @param line the line the scenario starts on
 * @param failure why it failed, or null when it passed
 */
public record ScenarioResult(String file, int line, String scenario, String failure) {

    public ScenarioResult {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(scenario, "scenario");
    }

    public boolean passed() {
        return failure == null;
    }

    @Override
    public String toString() {
        return (passed() ? "PASS " : "FAIL ") + file + ":" + line + " " + scenario + (passed() ? "" : ": " + failure);
    }
}
