package org.rapport.privacy.api;

import java.util.Objects;

import org.rapport.contacts.api.Channel;

/**
 * How the contacts who have a say on one purpose and channel stand today, counting each
 * contact's newest record: what the dashboards chart as consent rates.
 *
 * @param channel the channel, or null for records that cover every channel
 * @param granted contacts whose newest record grants, and has not expired
 * @param withdrawn contacts whose newest record withdraws
 * @param expired contacts whose newest record granted until a time now past
 */
public record ConsentRate(String purpose, Channel channel, long granted, long withdrawn, long expired) {

    public ConsentRate {
        Objects.requireNonNull(purpose, "purpose");
    }

    /** Contacts with a record for the purpose and channel. */
    public long contacts() {
        return granted + withdrawn + expired;
    }

    /** The share that grants, from 0 to 1. */
    public double rate() {
        return contacts() == 0 ? 0 : (double) granted / contacts();
    }
}
