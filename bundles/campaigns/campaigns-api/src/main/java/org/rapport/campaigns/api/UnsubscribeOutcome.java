package org.rapport.campaigns.api;

/** What following an unsubscribe link did. */
public enum UnsubscribeOutcome {
    /** The withdrawal was recorded now. */
    WITHDRAWN,
    /** The link was followed before: nothing more was recorded. */
    ALREADY,
    /** The token is not one this server signed (forged, damaged or for a deleted campaign): nothing was recorded. */
    INVALID
}
