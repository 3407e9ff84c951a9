package org.rapport.campaigns.api;

import java.time.Instant;
import java.util.List;

/**
 * A campaign as it is now.
 *
 * @param recipients the contacts frozen at launch (0 before)
 * @param jobId the last run of the sending job that worked on it, or null
 * @param launchedAt when it was launched, or null
 * @param finishedAt when it was cancelled or its last message was queued, or null
 * @param schedule when a recurring campaign's occurrences are, or null for a campaign sent once
 * @param occurrences how many occurrences of a recurring campaign have started (0 for one sent once)
 * @param nextOccurrenceAt when a recurring campaign's next occurrence starts, while it is launched and
 *        not paused or cancelled; else null
 * @param segment the segment it reaches, or null when its audience is {@code condition}
 * @param condition the condition whose matches were (or will be) frozen at launch, or null for a segment's
 */
public record Campaign(long id, String name, String segment, String purpose, String channel, List<Variant> variants,
        Instant startAt, int ratePerMinute, CampaignStatus status, long recipients, Long jobId, String createdBy,
        Instant createdAt, Instant launchedAt, Instant finishedAt, Schedule schedule, int occurrences,
        Instant nextOccurrenceAt, String condition) {

    /** A campaign to a segment. */
    public Campaign(long id, String name, String segment, String purpose, String channel, List<Variant> variants,
            Instant startAt, int ratePerMinute, CampaignStatus status, long recipients, Long jobId, String createdBy,
            Instant createdAt, Instant launchedAt, Instant finishedAt, Schedule schedule, int occurrences,
            Instant nextOccurrenceAt) {
        this(id, name, segment, purpose, channel, variants, startAt, ratePerMinute, status, recipients, jobId,
                createdBy, createdAt, launchedAt, finishedAt, schedule, occurrences, nextOccurrenceAt, null);
    }

    /** A campaign sent once. */
    public Campaign(long id, String name, String segment, String purpose, String channel, List<Variant> variants,
            Instant startAt, int ratePerMinute, CampaignStatus status, long recipients, Long jobId, String createdBy,
            Instant createdAt, Instant launchedAt, Instant finishedAt) {
        this(id, name, segment, purpose, channel, variants, startAt, ratePerMinute, status, recipients, jobId,
                createdBy, createdAt, launchedAt, finishedAt, null, 0, null, null);
    }
}
