package org.rapport.events.impl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The event types a subscription may ask for, each with what it announces and where it comes from. */
public final class EventTypes {

    public static final String CONTACT_CREATED = "contact.created";
    public static final String CONTACT_UPDATED = "contact.updated";
    public static final String CONTACT_MERGED = "contact.merged";
    public static final String CONTACT_ERASED = "contact.erased";
    public static final String PURCHASE_BOOKED = "purchase.booked";
    public static final String TIER_CHANGED = "tier.changed";
    public static final String CONSENT_CHANGED = "consent.changed";
    public static final String RETENTION_AT_RISK = "retention.at-risk";
    public static final String INTERACTION_RECORDED = "interaction.recorded";

    /** Every type, in the order shown, with a line saying what it is. */
    public static final Map<String, String> ALL = all();

    private EventTypes() {
    }

    private static Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(CONTACT_CREATED, "a contact was added over REST or in the shell");
        all.put(CONTACT_UPDATED, "a contact's details were changed over REST or in the shell");
        all.put(CONTACT_MERGED, "a duplicate was merged into the contact");
        all.put(CONTACT_ERASED, "the contact was erased: erase what you hold about them");
        all.put(PURCHASE_BOOKED, "loyalty booked a purchase");
        all.put(TIER_CHANGED, "a loyalty member moved to another tier");
        all.put(CONSENT_CHANGED, "consent for a purpose was granted or withdrawn");
        all.put(RETENTION_AT_RISK, "retention flagged a customer at risk of leaving");
        all.put(INTERACTION_RECORDED, "any interaction landed on the contact's timeline");
        return Collections.unmodifiableMap(all);
    }
}
