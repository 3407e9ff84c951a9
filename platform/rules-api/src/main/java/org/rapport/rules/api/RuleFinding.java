package org.rapport.rules.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a static check of a rule package found, without running a rule: two rules that decide
 * differently on the same facts, a rule that can never fire, facts for which a decision the
 * package promises is not made, a decision table's overlapping or missing rows. Located by file
 * and line (a decision table's row), naming the rules involved.
 *
 * @param check which check found it
 * @param refusing whether the engine's configuration makes it refuse the candidate (else a warning)
 * @param file the rule file or decision table
 * @param line the line of the first rule involved, or the table row; 0 when unknown
 * @param rules the names of the rules involved, in the order of the message
 * @param message what was found and for which facts
 */
public record RuleFinding(Check check, boolean refusing, String file, int line, List<String> rules, String message) {

    /** The static checks of the gate, each configured to refuse a candidate or to warn. */
    public enum Check {
        /** Two rules whose conditions overlap decide the same kind about the same subject differently. */
        CONFLICT,
        /** A rule that can never fire: its conditions contradict each other, or a rule before it in its group always wins. */
        UNREACHABLE,
        /** Facts for which a decision the package declares it always makes is made by no rule. */
        GAP,
        /** Two rows of a decision table match the same facts and decide differently. */
        TABLE_OVERLAP,
        /** Values (combinations of values, over several columns) between a decision table's rows that no row covers. */
        TABLE_GAP,
        /**
         * Two rules (or rows) that decide the same kind about the same subject differently and whose
         * conditions the analysis cannot compare (a method call, a rule with {@code not} or
         * {@code exists}, several patterns over one type): whether they conflict is not known. Never
         * refuses; off when the conflict check is.
         */
        NOT_COMPARED;

        /** The name in configuration and reports: {@code conflict}, {@code unreachable}, {@code table-gap}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The check with this {@link #id()}. */
        public static Check of(String id) {
            for (Check check : values()) {
                if (check.id().equals(id)) {
                    return check;
                }
            }
            throw new IllegalArgumentException("no check '" + id + "'; the checks are conflict, unreachable, gap, "
                    + "table-overlap, table-gap and not-compared");
        }
    }

    public RuleFinding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        rules = List.copyOf(rules);
    }

    /** Where it is: {@code file:line}, or the file alone when the line is unknown. */
    public String location() {
        return line > 0 ? file + ":" + line : file;
    }

    /** {@code file:line: warning: conflict: message}, the form editors and compilers understand. */
    @Override
    public String toString() {
        return location() + ": " + (refusing ? "error" : "warning") + ": " + check.id() + ": " + message;
    }
}
