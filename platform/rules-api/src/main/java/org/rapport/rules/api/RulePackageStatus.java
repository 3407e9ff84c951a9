package org.rapport.rules.api;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a rule package stands: its active release if any, whether it is waiting for a bundle to
 * contribute its fact types, and the last candidate that was refused after the active release.
 */
public final class RulePackageStatus {

    /** The package's state, as shown to administrators. */
    public enum State {
        /** A release is active and serving evaluations. */
        ACTIVE,
        /** Sources are known but no bundle contributes the package's fact types yet. */
        WAITING,
        /** Every candidate so far was refused; nothing serves evaluations. */
        FAILED,
        /**
         * The bundle that carried the package's rules stopped; nothing serves evaluations until it
         * starts again or another release is deployed.
         */
        WITHDRAWN
    }

    private final String name;
    private final State state;
    private final Release active;
    private final Rejection lastRejection;
    private final boolean compiled;

    public RulePackageStatus(String name, State state, Release active, Rejection lastRejection) {
        this(name, state, active, lastRejection, false);
    }

    /** @since 2.4 */
    public RulePackageStatus(String name, State state, Release active, Rejection lastRejection, boolean compiled) {
        this.name = Objects.requireNonNull(name, "name");
        this.state = Objects.requireNonNull(state, "state");
        this.active = active;
        this.lastRejection = lastRejection;
        this.compiled = compiled;
    }

    public String name() {
        return name;
    }

    public State state() {
        return state;
    }

    public Optional<Release> active() {
        return Optional.ofNullable(active);
    }

    /**
     * Whether the active release runs with its alpha network compiled to Java. Every release runs
     * compiled to Java (Drools' executable model) as soon as it passes the gate; the engine then
     * builds it again in the background with its single-fact conditions compiled to one class per
     * fact type, runs its scenarios on that form and switches to it, which evaluates faster. A
     * release whose network cannot be compiled keeps serving on its nodes.
     *
     * @since 2.4
     */
    public boolean compiled() {
        return compiled;
    }

    /** The last refused candidate, if it came after the active release. */
    public Optional<Rejection> lastRejection() {
        return Optional.ofNullable(lastRejection);
    }
}
