package org.rapport.campaigns.api;

import java.time.Instant;
import java.util.List;

/**
 * A campaign to define.
 *
 * @param name its unique name: lower-case letters, digits and {@code -}, up to 60 characters
 * @param segment the name of the segment whose members it reaches, read when it is launched; null when
 *        {@code condition} is given
 * @param purpose the consent purpose its messages are for ({@code marketing})
 * @param channel the message channel it sends by ({@code email})
 * @param variants one to five template variants with their shares
 * @param startAt when sending starts, or null for as soon as it is launched
 * @param ratePerMinute how many messages it queues a minute, 1 to the administrator's {@code maxRatePerMinute}
 *        (60,000 as shipped, at most {@value CampaignService#MAX_RATE})
 * @param schedule for a recurring campaign, when its occurrences are (from {@code startAt}, if given, on);
 *        null for a campaign sent once
 * @param condition instead of a segment, a condition in the segments' language ({@code tag:vip -tag:staff});
 *        the contacts it selects at launch, that a marketing segment would hold, are frozen into the
 *        recipients (later changes to contacts do not change them); null when {@code segment} is given.
 *        Not for a recurring campaign.
 */
public record NewCampaign(String name, String segment, String purpose, String channel, List<Variant> variants,
        Instant startAt, Integer ratePerMinute, Schedule schedule, String condition) {

    /** A campaign to a segment. */
    public NewCampaign(String name, String segment, String purpose, String channel, List<Variant> variants,
            Instant startAt, Integer ratePerMinute, Schedule schedule) {
        this(name, segment, purpose, channel, variants, startAt, ratePerMinute, schedule, null);
    }

    /** A campaign sent once. */
    public NewCampaign(String name, String segment, String purpose, String channel, List<Variant> variants,
            Instant startAt, Integer ratePerMinute) {
        this(name, segment, purpose, channel, variants, startAt, ratePerMinute, null, null);
    }
}
