package org.rapport.campaigns.impl;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignPreview;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.Variant;
import org.rapport.communication.api.MessageService;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.privacy.spi.ConsentVerdict;
import org.rapport.rules.api.RulesUnavailableException;

/**
 * Whom a campaign would reach if it were launched now, recording nothing: its audience
 * ({@link Audiences}), the consent gate's preview, the {@code campaigns} rules' caps, and for a
 * best-offer variant the offers capability asked recording nothing ({@link BestOffers#preview}).
 */
final class Previews {

    private final MessageService messages;
    private final ConsentGate gate;
    private final CampaignSending sending;
    private final Clock clock;

    Previews(MessageService messages, ConsentGate gate, CampaignSending sending, Clock clock) {
        this.messages = messages;
        this.gate = gate;
        this.sending = sending;
        this.clock = clock;
    }

    /** The campaign's preview now. */
    CampaignPreview of(Campaign c) {
        Channel medium = Tracking.medium(messages, c.channel());
        Map<String, Long> heldBack = new TreeMap<>();
        Map<String, Long> byVariant = new TreeMap<>();
        long[] counts = new long[4]; // the audience, the reachable, offered, fallback
        Map<String, Variant> variants = new HashMap<>();
        c.variants().forEach(v -> variants.put(v.template(), v));
        sending.audiences().preview(c, members -> {
            counts[0] += members.size();
            List<Long> withAddress = new ArrayList<>();
            for (Contact m : members) {
                if (reachable(m, medium)) {
                    withAddress.add(m.id());
                } else {
                    heldBack.merge(Reasons.NO_ADDRESS, 1L, Long::sum);
                }
            }
            Map<Long, ConsentVerdict> verdicts = gate.preview(withAddress, c.purpose(), medium == null ? null : medium.label());
            List<Long> allowed = new ArrayList<>();
            for (long contactId : withAddress) {
                ConsentVerdict v = verdicts.get(contactId);
                if (v.allowed()) {
                    allowed.add(contactId);
                } else {
                    heldBack.merge(Reasons.of(v.reason()), 1L, Long::sum);
                }
            }
            Map<Long, String> capped = capped(c, allowed);
            for (long contactId : allowed) {
                if (capped.containsKey(contactId)) {
                    heldBack.merge(capped.get(contactId), 1L, Long::sum);
                    continue;
                }
                Variant variant = variants.get(Variants.choose(c.variants(), c.id(), contactId));
                String held = variant.bestOffer() ? offerPreview(contactId, variant, counts) : null;
                if (held != null) {
                    heldBack.merge(held, 1L, Long::sum);
                } else {
                    counts[1]++;
                    byVariant.merge(variant.template(), 1L, Long::sum);
                }
            }
        });
        return new CampaignPreview(counts[0], counts[1], heldBack, byVariant, counts[2], counts[3]);
    }

    /** Counts the contact's best offer (offered or fallback) and answers null, or the reason it is held back. */
    private String offerPreview(long contactId, Variant variant, long[] counts) {
        try {
            switch (sending.bestOffers().preview(contactId, variant)) {
                case OFFER -> counts[2]++;
                case FALLBACK -> counts[3]++;
                default -> {
                    return CampaignService.NO_OFFER;
                }
            }
            return null;
        } catch (RulesUnavailableException unavailable) {
            return Reasons.NO_OFFERS;
        }
    }

    /**
     * The contacts the caps would hold back now, with the rule's reason (deferrals are not holds: those
     * messages leave later); every one of them when the rules have no active release, since sending
     * waits for them then.
     */
    private Map<Long, String> capped(Campaign c, List<Long> contactIds) {
        Map<Long, String> capped = new HashMap<>();
        try {
            sending.caps().judge(new CapRules.Campaign(c.id(), c.name(), c.purpose(), c.channel()), contactIds,
                    clock.instant()).forEach((contactId, verdict) -> {
                        if (verdict.heldBecause() != null) {
                            capped.put(contactId, verdict.heldBecause());
                        }
                    });
        } catch (RulesUnavailableException unavailable) {
            contactIds.forEach(id -> capped.put(id, Reasons.NO_RULES));
        }
        return capped;
    }

    /** Whether the contact has an address on the medium, as the product's channels read it. */
    private static boolean reachable(Contact contact, Channel medium) {
        if (medium == Channel.EMAIL) {
            return contact.email() != null && !contact.email().isBlank();
        }
        if (medium == Channel.PHONE) {
            return contact.phone() != null && !contact.phone().isBlank();
        }
        return true;
    }
}
