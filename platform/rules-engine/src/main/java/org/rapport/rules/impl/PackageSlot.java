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
    /** Sources accepted for compilation while no fact model was there to compile them against. */
    Map<String, String> pendingFiles;
    String pendingOrigin;
    String pendingAuthor;
    long lastVersion;
    /** Set when the bundle that carried the package's rules stopped, until a release is active again. */
    boolean withdrawn;
    /** The last release accepted, kept while the package is unloaded so a rebuild of the same files keeps its number. */
    org.rapport.rules.api.Release lastAccepted;

    PackageSlot(String name) {
        this.name = name;
    }

    RulePackageStatus status(boolean hasFactModel) {
        ActiveRelease current = active;
        State state = current != null ? State.ACTIVE : withdrawn ? State.WITHDRAWN
                : hasFactModel ? State.FAILED : State.WAITING;
        return new RulePackageStatus(name, state, current == null ? null : current.release, lastRejection);
    }
}
