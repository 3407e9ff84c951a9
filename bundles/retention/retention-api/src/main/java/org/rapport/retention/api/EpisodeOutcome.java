package org.rapport.retention.api;

/** How an episode ended. */
public enum EpisodeOutcome {
    /** Still open: the trigger holds. */
    OPEN,
    /** The customer bought again after the episode opened. */
    WON_BACK,
    /** The trigger no longer holds without a purchase (a case answered, a better score). */
    RESOLVED
}
