package org.rapport.loyalty.facts;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A purchase being recorded, handed to the {@code loyalty} rules so they decide the points it
 * earns ({@link LoyaltyDecisions#EARN}). Rules read it through its getters:
 * {@code Purchase( channel == "web", wholeUnits >= 100 )}.
 */
public final class Purchase {

    private final long contactId;
    private final String eventId;
    private final BigDecimal amount;
    private final String currency;
    private final String channel;
    private final String category;
    private final LocalDate occurredOn;
    private final String memberTier;
    private final LocalDate birthDate;

    public Purchase(long contactId, String eventId, BigDecimal amount, String currency, String channel,
            String category, LocalDate occurredOn, String memberTier) {
        this(contactId, eventId, amount, currency, channel, category, occurredOn, memberTier, null);
    }

    /** @param birthDate the buyer's date of birth, or null when it is not known */
    public Purchase(long contactId, String eventId, BigDecimal amount, String currency, String channel,
            String category, LocalDate occurredOn, String memberTier, LocalDate birthDate) {
        this.birthDate = birthDate;
        this.contactId = contactId;
        this.eventId = eventId;
        this.amount = Objects.requireNonNull(amount, "amount");
        this.currency = currency;
        this.channel = channel;
        this.category = category;
        this.occurredOn = occurredOn;
        this.memberTier = memberTier;
    }

    public long getContactId() {
        return contactId;
    }

    /** The id the sending system gave the purchase; the same purchase sent twice earns once. */
    public String getEventId() {
        return eventId;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    /** The amount in whole currency units, rounded down: what "a point per unit" counts. */
    public long getWholeUnits() {
        return amount.longValue();
    }

    /** ISO 4217 code, such as {@code EUR}. */
    public String getCurrency() {
        return currency;
    }

    /** Where it was bought, as the sending system names it ({@code web}, {@code store}, {@code phone}...), or null. */
    public String getChannel() {
        return channel;
    }

    /** The product category, or null. */
    public String getCategory() {
        return category;
    }

    /** The day of the purchase (UTC), for campaigns with dates. */
    public LocalDate getOccurredOn() {
        return occurredOn;
    }

    /** The member's tier when they bought, or null for a first purchase. */
    public String getMemberTier() {
        return memberTier;
    }

    /**
     * The buyer's date of birth, or null when it is not known (from the contact property named by
     * the programme's {@code birthDateProperty}).
     */
    public LocalDate getBirthDate() {
        return birthDate;
    }

    /** Whether the purchase falls in the month of the buyer's birthday: {@code Purchase( birthdayMonth )}. */
    public boolean isBirthdayMonth() {
        return birthDate != null && occurredOn != null && birthDate.getMonth() == occurredOn.getMonth();
    }

    @Override
    public String toString() {
        return "Purchase[" + eventId + ", contact " + contactId + ", " + amount.toPlainString() + " " + currency
                + ", channel " + channel + ", category " + category + ", on " + occurredOn + ", tier " + memberTier
                + (birthDate == null ? "" : ", born " + birthDate) + "]";
    }
}
