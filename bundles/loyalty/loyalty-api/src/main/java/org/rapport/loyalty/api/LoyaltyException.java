package org.rapport.loyalty.api;

/**
 * A loyalty operation refused for a reason the caller can act on; nothing was stored.
 * {@link #code()} says which, {@link #field()} names the input at fault, if one is.
 */
public class LoyaltyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The member has fewer points than the operation needs. */
    public static final String INSUFFICIENT_POINTS = "insufficient_points";
    /** The reward is unknown, withdrawn or out of stock. */
    public static final String REWARD_UNAVAILABLE = "reward_unavailable";
    /** The source id was used before for something different. */
    public static final String SOURCE_CONFLICT = "source_conflict";
    /** The entry cannot be reversed (already reversed, a reversal, an expiry, or its points are spent). */
    public static final String NOT_REVERSIBLE = "not_reversible";

    private final String code;
    private final String field;

    public LoyaltyException(String code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
