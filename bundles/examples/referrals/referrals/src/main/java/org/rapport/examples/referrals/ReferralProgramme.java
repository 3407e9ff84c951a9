package org.rapport.examples.referrals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionListener;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.examples.referrals.facts.ReferralDecisions;
import org.rapport.examples.referrals.facts.ReferredPurchase;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The referral programme. A referral is an interaction of type {@value #REFERRAL} on the referred
 * customer's timeline, naming the referrer in its payload. Each purchase recorded on a timeline
 * (Rapport's loyalty records one for every purchase) is handed to it as an
 * {@link InteractionListener}, and checked: if its customer was referred,
 * the {@code referrals} rules judge it, and what they award is credited to the referrer as a
 * loyalty adjustment, once (the adjustment's request id names the purchase and the rule).
 */
@Component(service = {ReferralProgramme.class, InteractionListener.class},
        property = InteractionListener.NAME + "=referrals")
public class ReferralProgramme implements InteractionListener {

    /** The interaction type of a referral. */
    public static final String REFERRAL = "referral";
    /** Payload entry of a referral: the referrer's contact id. */
    public static final String REFERRER = "referrer";
    static final String ACTOR = "referrals plugin";

    private static final Logger LOG = LoggerFactory.getLogger(ReferralProgramme.class);
    private static final int TIMELINE = 500;

    /** Who referred a customer, and when. */
    public record Referral(long contactId, long referrerId, Instant referredAt) {
    }

    private final InteractionService interactions;
    private final LoyaltyService loyalty;
    private final RulesEngine rules;

    @Activate
    public ReferralProgramme(@Reference InteractionService interactions, @Reference LoyaltyService loyalty,
            @Reference RulesEngine rules) {
        this.interactions = interactions;
        this.loyalty = loyalty;
        this.rules = rules;
    }

    /** Records that {@code referrerId} referred {@code contactId}, on the referred customer's timeline. */
    public Referral refer(long referrerId, long contactId, String actor) {
        if (referrerId == contactId) {
            throw new IllegalArgumentException("a customer cannot refer themselves");
        }
        Optional<Referral> earlier = referral(contactId);
        if (earlier.isPresent()) {
            if (earlier.get().referrerId() == referrerId) {
                return earlier.get();
            }
            throw new IllegalStateException("contact " + contactId + " was already referred by contact "
                    + earlier.get().referrerId());
        }
        Interaction recorded = interactions.record(contactId, new NewInteraction("other", "inbound", REFERRAL, null,
                "referred by contact " + referrerId, Map.of(REFERRER, Long.toString(referrerId)),
                "referral:" + contactId), actor);
        return new Referral(contactId, referrerId, recorded.occurredAt());
    }

    /** Who referred the customer, if anyone did. */
    public Optional<Referral> referral(long contactId) {
        return referral(contactId, timeline(contactId));
    }

    private static Optional<Referral> referral(long contactId, List<Interaction> timeline) {
        return timeline.stream().filter(i -> REFERRAL.equals(i.type()) && i.payload().containsKey(REFERRER))
                .reduce((newer, older) -> older)
                .map(i -> new Referral(contactId, Long.parseLong(i.payload().get(REFERRER)), i.occurredAt()));
    }

    /** Rapport calls this on a thread of the plugin's own, within a time budget, for each stored interaction. */
    @Override
    public void recorded(Interaction interaction) {
        if ("purchase".equals(interaction.type())) {
            purchased(interaction.contactId(), String.valueOf(interaction.id()));
        }
    }

    /** Judges a purchase recorded on a customer's timeline and credits what the rules award. */
    void purchased(long contactId, String interactionId) {
        List<Interaction> timeline = timeline(contactId);
        Optional<Referral> referral = referral(contactId, timeline);
        if (referral.isEmpty()) {
            return;
        }
        // The timeline is newest first: this purchase's number is how many purchases are not newer.
        List<Interaction> purchases = timeline.stream().filter(i -> "purchase".equals(i.type())).toList();
        int number = purchases.size();
        BigDecimal amount = BigDecimal.ZERO;
        for (int i = 0; i < purchases.size(); i++) {
            if (String.valueOf(purchases.get(i).id()).equals(interactionId)) {
                number = purchases.size() - i;
                amount = new BigDecimal(purchases.get(i).payload().getOrDefault("amount", "0"));
                break;
            }
        }
        ReferredPurchase fact = new ReferredPurchase(contactId, referral.get().referrerId(), number, amount);
        for (Decision d : rules.evaluate(ReferralDecisions.RULE_PACKAGE, List.of(fact)).decisions()) {
            if (!ReferralDecisions.AWARD.equals(d.type())) {
                continue;
            }
            long referrer = Long.parseLong(d.subject());
            long points = Long.parseLong(d.attributes().get(ReferralDecisions.POINTS));
            loyalty.adjust(referrer, points, "referral: contact " + contactId + "'s purchase, by \"" + d.rule() + "\" ("
                    + d.rulePackage() + " v" + d.release() + ")", "referral:" + interactionId + ":" + d.rule(), ACTOR);
            LOG.info("Referral programme: contact {} credited {} points for referring contact {} (\"{}\", v{})", referrer,
                    points, contactId, d.rule(), d.release());
        }
    }

    private List<Interaction> timeline(long contactId) {
        return interactions.timeline(contactId, Set.of(), 0, TIMELINE);
    }
}
