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
 */
public record Campaign(long id, String name, String segment, String purpose, String channel, List<Variant> variants,
        Instant startAt, int ratePerMinute, CampaignStatus status, long recipients, Long jobId, String createdBy,
        Instant createdAt, Instant launchedAt, Instant finishedAt) {
}
