package org.rapport.rules.impl;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import org.rapport.rules.api.RuleFinding.Check;

/**
 * What each of the gate's static checks does with what it finds: refuse the candidate, warn (the
 * release is accepted and the warning kept in its notes), or nothing. Set in the engine's
 * configuration ({@link RulesEngineConfig}).
 */
record CheckPolicy(Map<Check, CheckPolicy.Mode> modes) {

    enum Mode {
        REFUSE, WARN, OFF;

        static Mode of(String text, String attribute) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(attribute + " = '" + text + "': refuse, warn or off");
            }
        }
    }

    /**
     * Conflicts, rules that never fire and decision table overlaps and gaps warn; a gap in a
     * decision the package declares it always makes refuses (the package promised it). Rules not
     * compared warn.
     */
    static final CheckPolicy DEFAULT = new CheckPolicy(Map.of(Check.CONFLICT, Mode.WARN, Check.UNREACHABLE, Mode.WARN,
            Check.GAP, Mode.REFUSE, Check.TABLE_OVERLAP, Mode.WARN, Check.TABLE_GAP, Mode.WARN, Check.NOT_COMPARED,
            Mode.WARN));

    CheckPolicy {
        modes = Map.copyOf(modes);
    }

    static CheckPolicy of(RulesEngineConfig config) {
        Map<Check, Mode> modes = new EnumMap<>(Check.class);
        modes.put(Check.CONFLICT, Mode.of(config.checkConflict(), "checkConflict"));
        modes.put(Check.UNREACHABLE, Mode.of(config.checkUnreachable(), "checkUnreachable"));
        modes.put(Check.GAP, Mode.of(config.checkGap(), "checkGap"));
        modes.put(Check.TABLE_OVERLAP, Mode.of(config.checkTableOverlap(), "checkTableOverlap"));
        modes.put(Check.TABLE_GAP, Mode.of(config.checkTableGap(), "checkTableGap"));
        // Not a defect found but a pair the conflict check could not decide: it warns, never refuses, while conflicts are checked.
        modes.put(Check.NOT_COMPARED, modes.get(Check.CONFLICT) == Mode.OFF ? Mode.OFF : Mode.WARN);
        return new CheckPolicy(modes);
    }

    Mode mode(Check check) {
        return modes.getOrDefault(check, Mode.WARN);
    }
}
