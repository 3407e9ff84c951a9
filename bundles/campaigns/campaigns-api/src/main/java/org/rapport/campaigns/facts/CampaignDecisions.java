package org.rapport.campaigns.facts;

/**
 * The decisions the campaigns bundle applies to a message about to leave, by type, with their
 * attributes. Every decision's subject is the contact's id. A message no rule decides about leaves
 * (the consent gate still asks as it does); a hold wins over a deferral.
 */
public final class CampaignDecisions {

    /** The rule package the campaigns bundle evaluates, at preview and as each page of messages is sent. */
    public static final String RULE_PACKAGE = "campaigns";

    /**
     * The message does not leave for this contact, for good: attribute {@value #REASON} (a sentence,
     * counted in the campaign's figures: {@code no more than two marketing messages a week}).
     */
    public static final String HOLD = "campaigns.hold";

    /**
     * The message waits: attributes {@value #UNTIL} (a local time, {@code HH:mm}: it leaves at the next
     * such time in the campaigns' time zone) and {@value #REASON}.
     */
    public static final String DEFER = "campaigns.defer";

    public static final String REASON = "reason";
    public static final String UNTIL = "until";

    private CampaignDecisions() {
    }
}
