package org.rapport.loyalty.api;

/** What a ledger entry did to a member's points. */
public enum EntryKind {
    /** Points credited for a purchase, as the earning rules decided. */
    EARN,
    /** Points spent on a reward. */
    REDEEM,
    /** Points that reached the end of their life unspent, oldest first. */
    EXPIRE,
    /** Points credited or debited by hand, with a reason. */
    ADJUST,
    /** The exact opposite of an earlier entry, which stays in the ledger. */
    REVERSE,
    /**
     * Points (with their expiry dates) and the last year's qualifying points moved between two
     * members when their contacts were merged, or moved back when the merge was undone: an entry
     * out of one member and one into the other.
     */
    TRANSFER;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
