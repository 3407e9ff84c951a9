package org.rapport.rules.impl;

import java.util.Map;

import org.rapport.rules.api.Rejection;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.api.RulePackageStatus.State;

/**
 * One rule package inside the engine. Evaluations read {@link #active} once and run on what
 * they read, so a swap is a single volatile write and never mixes two releases. All changes go
 * through the engine while holding this slot's monitor.
 */
final class PackageSlot {

    final String name;
    volatile ActiveRelease active;
    volatile Rejection lastRejection;
    /** A candidate running beside the active release, or null. */
    volatile ShadowRun shadow;
    /** A stored shadow that did not build on this node, so that it is not built again every second. */
    volatile StoredShadow.Mark shadowRefused;
    /** Sources accepted for compilation while no fact model was there to compile them against. */
    Pending pending;
    long lastVersion;
    /** The last release accepted, kept while the package is unloaded so a rebuild of the same files keeps its number. */
    org.rapport.rules.api.Release lastAccepted;

    /** Files waiting to be built, with where they came from and who made them. */
    record Pending(Map<String, String> files, String origin, String author) {
    }

    PackageSlot(String name) {
        this.name = name;
    }

    RulePackageStatus status(boolean hasFactModel) {
        ActiveRelease current = active;
        State state = current != null ? State.ACTIVE : withdrawn() ? State.WITHDRAWN
                : hasFactModel ? State.FAILED : State.WAITING;
        return new RulePackageStatus(name, state, current == null ? null : current.release, lastRejection,
                current != null && current.compiled);
    }

    /**
     * Whether the package had a release and nothing is there to build now: its bundle withdrew it,
     * or its release came from a bundle that has not offered it again since a restart.
     */
    boolean withdrawn() {
        return active == null && pending == null && lastAccepted != null;
    }
}
