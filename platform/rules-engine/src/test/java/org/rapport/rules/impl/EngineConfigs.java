package org.rapport.rules.impl;

import java.util.Map;

/** Configurations of the rules engine for tests: limits, and the static checks' modes. */
final class EngineConfigs {

    private EngineConfigs() {
    }

    static RulesEngineConfig limits(int firesPerFact, long millis) {
        return config(firesPerFact, millis, Map.of());
    }

    /** A configuration with these limits, and the static checks' modes by attribute ({@code checkGap: warn}). */
    static RulesEngineConfig config(int firesPerFact, long millis, Map<String, String> checks) {
        return new RulesEngineConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return RulesEngineConfig.class;
            }

            @Override
            public int maxFiresPerFact() {
                return firesPerFact;
            }

            @Override
            public long maxEvaluationMillis() {
                return millis;
            }

            @Override
            public long syncIntervalMillis() {
                return 0;
            }

            @Override
            public boolean compileReleases() {
                return true;
            }

            @Override
            public String[] allow() {
                return new String[0];
            }

            @Override
            public String checkConflict() {
                return checks.getOrDefault("checkConflict", "warn");
            }

            @Override
            public String checkUnreachable() {
                return checks.getOrDefault("checkUnreachable", "warn");
            }

            @Override
            public String checkGap() {
                return checks.getOrDefault("checkGap", "refuse");
            }

            @Override
            public String checkTableOverlap() {
                return checks.getOrDefault("checkTableOverlap", "warn");
            }

            @Override
            public String checkTableGap() {
                return checks.getOrDefault("checkTableGap", "warn");
            }

            @Override
            public boolean requireScenarios() {
                return false;
            }

            @Override
            public String[] scenariosOptional() {
                return new String[0];
            }
        };
    }
}
