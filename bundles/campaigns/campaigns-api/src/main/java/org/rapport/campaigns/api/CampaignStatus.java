package org.rapport.campaigns.api;

import java.util.Locale;

/** Where a campaign is in its life. */
public enum CampaignStatus {
    /** Defined, not launched: it may still be changed by defining it again, and previewed. */
    DRAFT,
    /**
     * Launched with a start time still ahead: its recipients are frozen, nothing has left; a recurring
     * campaign waiting for its next occurrence (whose recipients are frozen when it starts).
     */
    SCHEDULED,
    /** Its messages are being queued, a page a minute at its send rate. */
    SENDING,
    /** Stopped by a marketer; resuming goes on with the recipients not reached yet. */
    PAUSED,
    /** Stopped for good; recipients not reached yet get nothing. */
    CANCELLED,
    /** Every recipient's message was queued (what became of each is in the figures). */
    DONE;

    /** The status as REST and the shell write it: {@code sending}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
