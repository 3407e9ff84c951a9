package org.rapport.guard;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How one plugin point holds its plugins to account. Start from {@link #of} and change what
 * differs with the {@code with…} methods.
 *
 * @param kind           the plugin point in one word ({@code listener}, {@code channel}): audit
 *                       actions are {@code <kind>.suspended} and {@code <kind>.resumed}, the subject
 *                       {@code <kind> <name>}; threads are named after it
 * @param label          the plugin point as the log names it ({@code Interaction listener})
 * @param budget         how long one call may take
 * @param suspendAfter   faults in a row after which a plugin is suspended; 0: never suspended
 *                       (faults are still counted), for plugin points whose calls must each be tried
 * @param whileSuspended what a suspension means, for the log ({@code its messages wait})
 * @param resumeCommand  the shell command that resumes a plugin, its name appended, for the log; or
 *                       null if there is none
 * @param faultText      how faults are worded
 * @param forLog         what the log keeps of a fault's text (a plugin may quote personal data)
 */
public record GuardPolicy(String kind, String label, Duration budget, int suspendAfter, String whileSuspended,
        String resumeCommand, FaultText faultText, UnaryOperator<String> forLog) {

    /** {@code <kind> '<name>' failed <call>: <cause>}, {@code <kind> '<name>' took longer than <n> ms <call>}. */
    public static FaultText plain(String kind) {
        return (fault, plugin, call, budget, cause) -> switch (fault) {
            case TIMED_OUT -> kind + " '" + plugin + "' took longer than " + budget.toMillis() + " ms " + call;
            case INTERRUPTED -> kind + " '" + plugin + "' was interrupted " + call;
            default -> kind + " '" + plugin + "' failed " + call + ": " + cause;
        };
    }

    public GuardPolicy {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(faultText, "faultText");
        Objects.requireNonNull(forLog, "forLog");
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the budget must be positive, not " + budget);
        }
        if (suspendAfter < 0) {
            throw new IllegalArgumentException("suspendAfter must be 0 (never) or more, not " + suspendAfter);
        }
    }

    /** A plugin point with plain fault texts, whose log keeps them whole, and no resume command named. */
    public static GuardPolicy of(String kind, String label, Duration budget, int suspendAfter) {
        return new GuardPolicy(kind, label, budget, suspendAfter, "it is not called", null, plain(kind),
                UnaryOperator.identity());
    }

    public GuardPolicy withWhileSuspended(String text) {
        return new GuardPolicy(kind, label, budget, suspendAfter, text, resumeCommand, faultText, forLog);
    }

    public GuardPolicy withResumeCommand(String command) {
        return new GuardPolicy(kind, label, budget, suspendAfter, whileSuspended, command, faultText, forLog);
    }

    public GuardPolicy withFaultText(FaultText text) {
        return new GuardPolicy(kind, label, budget, suspendAfter, whileSuspended, resumeCommand, text, forLog);
    }

    public GuardPolicy withForLog(UnaryOperator<String> redaction) {
        return new GuardPolicy(kind, label, budget, suspendAfter, whileSuspended, resumeCommand, faultText, redaction);
    }
}
