package org.rapport.rules.impl;

import java.util.List;
import java.util.Map;

/**
 * One scenario of a rule package: given these facts, expect exactly these decisions.
 *
 * @param line where the scenario starts in its file (1-based)
 */
record Scenario(String file, int line, String name, List<Fact> given, List<Expected> expect) {

    /** A fact to insert: its type's simple name and its properties, as written. */
    record Fact(int line, String type, Map<String, String> properties) {
    }

    /**
     * A decision the scenario expects. {@code subject} and {@code rule}, when present in
     * {@code attributes}, are matched against the decision's subject and rule name.
     */
    record Expected(int line, String type, Map<String, String> attributes) {

        @Override
        public String toString() {
            return type + " " + attributes;
        }
    }
}
