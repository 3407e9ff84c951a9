package org.rapport.loyalty.api;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The points ledger and the tiers of a loyalty programme. Every change of points is a ledger
 * entry, booked in one transaction with the member's balance and the rule decisions behind it:
 * if any part fails, nothing is stored. Operations that may be retried by their sender carry a
 * source id (a purchase's event id, a redemption's request id) and are booked once.
 */
@ProviderType
public interface LoyaltyService {

    /**
     * Records a purchase: the loyalty rules decide the points it earns ({@code loyalty.earn}),
     * the points are credited, and the rules decide the member's tier on the new activity.
     * The contact becomes a member with their first purchase. A purchase for a contact merged
     * into another is the other's.
     *
     * @param actor who reports it, for the ledger
     * @return the entry and the member's standing; for an event id recorded before, the first
     *         outcome with {@code replayed} set
     * @throws IllegalArgumentException if the contact does not exist or a field is invalid
     * @throws LoyaltyException {@code source_conflict} if the event id was recorded with
     *         different content
     * @throws org.rapport.rules.api.RulesException if the loyalty rules cannot be evaluated
     */
    PurchaseResult recordPurchase(PurchaseEvent purchase, String actor);

    /**
     * Records purchases as {@link #recordPurchase} does, one after the other in the order given,
     * in one transaction: all of them, or none when one of them cannot be recorded (then it throws
     * as {@link #recordPurchase} would for that one, and the caller may record them one by one to
     * keep the others). Fewer transactions for many purchases, as an ingest of a stream reads them.
     *
     * @return the outcome of each, in the order given
     * @throws IllegalArgumentException if a contact does not exist or a field of one is invalid
     * @throws LoyaltyException {@code source_conflict} if an event id was recorded with different content
     * @throws org.rapport.rules.api.RulesException if the loyalty rules cannot be evaluated
     */
    List<PurchaseResult> recordPurchases(List<PurchaseEvent> purchases, String actor);

    /** A member's standing, if the contact is a member. */
    Optional<Member> member(long contactId);

    /**
     * A member's tier with their spend and purchases in the rolling twelve months, the same figures
     * as {@link #member}'s, if the contact is a member: the member's row and their purchases in the
     * window (two indexed reads), no points or lots.
     *
     * @since 3.3
     */
    Optional<Spending> spending(long contactId);

    /**
     * What a contact has bought, from the lines of their purchases (one indexed read). A contact
     * without purchases gets an empty history.
     */
    PurchaseHistory purchaseHistory(long contactId);

    /** A member's ledger entries, newest first. */
    List<PointsEntry> ledger(long contactId, int limit);

    Optional<PointsEntry> entry(long entryId);

    /**
     * Spends a member's points on a reward, oldest points first. Concurrent redemptions by one
     * member are serialised, so the balance never goes below zero.
     *
     * @param requestId the caller's id for this redemption: the same id is booked once
     * @throws LoyaltyException {@code insufficient_points}, {@code reward_unavailable} or
     *         {@code source_conflict}
     */
    PointsEntry redeem(long contactId, String rewardCode, String requestId, String actor);

    /**
     * Credits (positive) or debits (negative) points by hand. Adjusted points do not count
     * towards tiers. For a contact merged into another, the other's points are adjusted.
     *
     * @param reason why, required: it is kept with the entry
     * @throws LoyaltyException {@code insufficient_points} for a debit larger than the balance
     */
    PointsEntry adjust(long contactId, long points, String reason, String requestId, String actor);

    /**
     * Books the exact opposite of an earn, redemption or adjustment. A redemption's points go
     * back to the credits they came from, and its reward back in stock; an earn can be reversed
     * while its points are unspent. The member's tier is decided again.
     *
     * @throws LoyaltyException {@code not_reversible} if the entry is a reversal or an expiry,
     *         was reversed already, or its points are spent
     * @throws IllegalArgumentException if there is no such entry
     */
    PointsEntry reverse(long entryId, String reason, String actor);

    /** A member's tier changes, newest first. */
    List<TierChange> tierHistory(long contactId);

    /**
     * The tiers of many members at once, by contact id, for work over many customers; contacts
     * without a tier are left out.
     */
    Map<Long, TierStanding> tiers(Collection<Long> contactIds);

    /**
     * Expires every credit whose expiry day is on or before {@code asOf}'s day (UTC): one
     * {@link EntryKind#EXPIRE} entry per member, oldest credits first. Running it again for the
     * same day books nothing new.
     */
    ExpiryRun expirePoints(Instant asOf);

    /** The programme's rewards, by code. */
    List<Reward> rewards();

    /**
     * Adds a reward or changes one.
     *
     * @throws IllegalArgumentException for a blank code or name, a cost below 1, or negative stock
     */
    Reward saveReward(Reward reward);

    /**
     * Members by tier now, and the tier changes of the months {@code from} to {@code to} (both
     * included, UTC).
     */
    TierStatistics tierStatistics(YearMonth from, YearMonth to);

    /** Checks the ledger's invariants over all members. */
    Reconciliation reconcile();
}
