package org.rapport.offers.impl;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.PurchaseHistory;
import org.rapport.loyalty.api.Spending;
import org.rapport.offers.api.ContactOffers;
import org.rapport.offers.api.Offer;
import org.rapport.offers.api.RankedOffer;
import org.rapport.offers.facts.OfferDecisions;
import org.rapport.offers.facts.OfferProfile;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RuleEvaluationException;
import org.rapport.rules.api.RulesEngine;
import org.rapport.segments.api.SegmentService;

/**
 * Decides one customer's offers: asks the consent gate whether they may be profiled (the gate
 * records a block), reads their {@link OfferProfile} (loyalty's tier and spend, purchase history,
 * segments: indexed reads for the one contact), asks the plugins' offer sources for candidates
 * ({@link OfferSources}), evaluates the active release of the {@code offers} rules
 * (compiled once when it was deployed), keeps the best rank of each offer the catalogue has active
 * and valid today ({@link Catalogue}, in memory) and the customer has not accepted, and records the
 * kept decisions in the ledger when they differ from those recorded last for the customer
 * ({@link DecidedEntity}): the acceptances, the digest and the write in one transaction.
 */
final class OfferDecider {

    static final String ACTION = "offers";

    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final DecisionLedger ledger;
    private final LoyaltyService loyalty;
    private final SegmentService segments;
    private final ConsentGate gate;
    /** The purpose asked for; null: nobody is asked about. */
    private final String purpose;
    /** The plugins' offer sources, or null for none. */
    private final OfferSources sources;
    private final Catalogue catalogue;

    OfferDecider(EntityManagerFactory emf, RulesEngine rules, DecisionLedger ledger, LoyaltyService loyalty,
            SegmentService segments, ConsentGate gate, String purpose) {
        this(emf, rules, ledger, loyalty, segments, gate, purpose, null);
    }

    OfferDecider(EntityManagerFactory emf, RulesEngine rules, DecisionLedger ledger, LoyaltyService loyalty,
            SegmentService segments, ConsentGate gate, String purpose, OfferSources sources) {
        this.sources = sources;
        this.catalogue = new Catalogue();
        this.emf = emf;
        this.rules = rules;
        this.ledger = ledger;
        this.loyalty = loyalty;
        this.segments = segments;
        this.gate = gate;
        this.purpose = purpose == null || purpose.isBlank() ? null : purpose.strip();
    }

    /** An offer kept for the customer, with the decision that made it. */
    record Kept(Offer offer, Decision decision, int rank) {
        RankedOffer view() {
            return new RankedOffer(offer.code(), offer.title(), offer.description(), offer.kind(), rank,
                    decision.rule(), decision.rulePackage() + " v" + decision.release());
        }
    }

    /** The best rank the rules gave an offer, with the decision that gave it. */
    private record Best(Decision decision, int rank) {
    }

    /** The customer's offers now, best first; the decisions kept go to the ledger when they changed. */
    ContactOffers decide(long contactId, Instant now, String requester) {
        return decide(contactId, now, purpose == null || ConsentGate.allowed(gate.checkProfiling(List.of(contactId),
                purpose, ACTION, requester)).contains(contactId), true);
    }

    /** The customer's offers as {@link #decide} would answer now, recording nothing (the gate only previewed). */
    ContactOffers preview(long contactId, Instant now) {
        return decide(contactId, now, purpose == null || ConsentGate.allowed(gate.preview(List.of(contactId), purpose,
                null)).contains(contactId), false);
    }

    private ContactOffers decide(long contactId, Instant now, boolean profiled, boolean record) {
        if (!profiled) {
            return new ContactOffers(contactId, List.of(), false, "blocked by the consent gate for purpose '" + purpose
                    + "': no personalised offers");
        }
        OfferProfile profile = profile(contactId);
        List<Object> facts = new ArrayList<>(List.of(profile));
        if (sources != null) {
            facts.addAll(sources.candidates(profile));
        }
        Map<String, Best> best = best(contactId, facts);
        // One transaction: the acceptances, then (when recording) the digest recorded last and the
        // write when it differs. A transaction that writes nothing commits nothing.
        List<Kept> kept = record ? Transactions.retrying(emf, 3, em -> record(em, contactId, kept(em, contactId, best, now),
                facts, now)) : Transactions.read(emf, em -> kept(em, contactId, best, now));
        return new ContactOffers(contactId, kept.stream().map(Kept::view).toList(), true, null);
    }

    /** What the rules see of the customer. */
    OfferProfile profile(long contactId) {
        return profile(loyalty, segments, contactId);
    }

    /**
     * What the rules see of the customer: loyalty's tier and spend (not the points and lots of its
     * standing, which no offer rule sees), purchase history, segments (indexed reads).
     */
    static OfferProfile profile(LoyaltyService loyalty, SegmentService segments, long contactId) {
        Spending member = loyalty.spending(contactId).orElse(null);
        PurchaseHistory history = loyalty.purchaseHistory(contactId);
        long spend = member == null || member.spendLast12Months() == null ? 0
                : member.spendLast12Months().setScale(0, java.math.RoundingMode.DOWN).min(BigDecimal.valueOf(Long.MAX_VALUE))
                        .longValue();
        return new OfferProfile(contactId, member == null ? null : member.tier(), spend,
                member == null ? 0 : member.purchasesLast12Months(), OfferProfile.join(history.categories()),
                OfferProfile.join(history.skus()), OfferProfile.join(segments.segmentsOf(contactId)));
    }

    /** The best rank the rules decide for each offer on the customer's profile (and candidates), by code. */
    private Map<String, Best> best(long contactId, List<Object> facts) {
        Map<String, Best> best = new LinkedHashMap<>();
        for (Decision d : rules.evaluate(OfferDecisions.RULE_PACKAGE, facts).decisions()) {
            if (!d.type().equals(OfferDecisions.OFFER) || !d.subject().equals(Long.toString(contactId))) {
                continue;
            }
            String code = d.attribute(OfferDecisions.CODE);
            int rank = rank(d);
            if (code != null && (!best.containsKey(code) || rank < best.get(code).rank())) {
                best.put(code, new Best(d, rank));
            }
        }
        return best;
    }

    /**
     * Of the {@code best} decisions, the offers the catalogue has offerable today and the customer has
     * not accepted, best first.
     */
    private List<Kept> kept(EntityManager em, long contactId, Map<String, Best> best, Instant now) {
        if (best.isEmpty()) {
            return List.of();
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Set<String> accepted = new HashSet<>(em.createQuery("select a.code from AcceptanceEntity a where "
                + "a.contactId = :c", String.class).setParameter("c", contactId).getResultList());
        Map<String, Offer> offers = catalogue.offers(em);
        List<Kept> kept = new ArrayList<>();
        best.forEach((code, b) -> {
            Offer offer = offers.get(code);
            if (offer != null && offer.offerable(today) && !accepted.contains(code)) {
                kept.add(new Kept(offer, b.decision(), b.rank()));
            }
        });
        kept.sort(Comparator.comparingInt(Kept::rank).thenComparing(k -> k.offer().code()));
        return kept;
    }

    /** An offer was defined or changed: the next customer's offers are decided on the catalogue as it is now. */
    void catalogueChanged() {
        catalogue.changed();
    }

    /** Records the kept decisions, with the profile they were made on, unless they are those recorded last; answers them. */
    private List<Kept> record(EntityManager em, long contactId, List<Kept> kept, List<Object> facts, Instant now) {
        StringBuilder text = new StringBuilder();
        kept.forEach(k -> text.append(k.offer().code()).append('|').append(k.rank()).append('|').append(k.decision().rule())
                .append('|').append(k.decision().release()).append('\n'));
        String digest = digest(text.toString());
        DecidedEntity decided = em.find(DecidedEntity.class, contactId);
        if (decided == null ? kept.isEmpty() : decided.digest.equals(digest)) {
            return kept;
        }
        if (decided == null) {
            decided = new DecidedEntity(contactId);
            em.persist(decided);
        }
        decided.digest = digest;
        decided.decidedAt = now;
        record(em, kept, facts);
        return kept;
    }

    private void record(EntityManager em, List<Kept> kept, List<Object> facts) {
        if (!kept.isEmpty()) {
            ledger.record(em, kept.stream().map(Kept::decision).toList(), facts.stream().map(Object::toString)
                    .collect(java.util.stream.Collectors.joining("; ")));
        }
    }

    private static int rank(Decision d) {
        String value = d.attribute(OfferDecisions.RANK);
        try {
            int rank = Integer.parseInt(value == null ? "" : value.strip());
            if (rank >= 1) {
                return rank;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new RuleEvaluationException("rule \"" + d.rule() + "\" gave rank '" + value + "', not a whole number from 1",
                d.rule(), null);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
