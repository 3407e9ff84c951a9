package org.rapport.loyalty.api;

import java.time.Instant;
import java.util.List;

/**
 * One transaction of the points ledger. Its lines always sum to zero: the points credited to or
 * debited from the member are balanced by the programme's account for that kind of entry.
 * Entries are never changed or deleted; a mistake is undone by a {@link EntryKind#REVERSE}
 * entry.
 *
 * @param points the change to the member's balance (negative for redemptions and expiry)
 * @param qualifyingPoints the part of {@code points} that counts towards tiers
 * @param source what caused it, unique in the ledger ({@code purchase:<eventId>},
 *        {@code redemption:<requestId>}...): the same source is never booked twice
 * @param activityAt when the activity happened (a purchase's time; for a reversal, the reversed
 *        entry's), which decides the tier window it counts in
 * @param recordedAt when the ledger recorded it
 * @param actor who recorded it (a user, an API key's name, or {@code system})
 * @param reverses the id of the entry this one reverses, or null
 * @param reward the reward redeemed, or null
 */
public record PointsEntry(long id, long contactId, EntryKind kind, long points, long qualifyingPoints, String source,
        Instant activityAt, Instant recordedAt, String actor, String note, Long reverses, String reward,
        List<Line> lines) {

    /**
     * One side of an entry.
     *
     * @param account {@value #MEMBER} for the member's points, or the programme account that
     *        balances them ({@code programme:issued}, {@code programme:redeemed},
     *        {@code programme:expired}, {@code programme:adjusted})
     * @param qualifying whether member points count towards tiers
     * @param rule the rule that decided this line, or null when no rule did
     * @param release the rule package and release, as {@code loyalty v3}, or null
     * @param expiresOn when member points credited by this line expire, or null
     */
    public record Line(String account, long points, boolean qualifying, String rule, String release,
            java.time.LocalDate expiresOn) {

        public static final String MEMBER = "member";
    }
}
