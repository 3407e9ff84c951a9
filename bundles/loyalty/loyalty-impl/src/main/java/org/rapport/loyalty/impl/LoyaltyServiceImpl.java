package org.rapport.loyalty.impl;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.ContactService;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.MemberStatus;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Component(service = LoyaltyService.class)
public class LoyaltyServiceImpl implements LoyaltyService {

    private static final Logger LOG = LoggerFactory.getLogger(LoyaltyServiceImpl.class);
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("100000000");

    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final DecisionLedger ledger;
    private final ContactService contacts;
    private final Clock clock;

    @Activate
    public LoyaltyServiceImpl(@Reference(target = "(osgi.unit.name=rapport-loyalty)") EntityManagerFactory emf,
            @Reference RulesEngine rules, @Reference DecisionLedger ledger, @Reference ContactService contacts) {
        this(emf, rules, ledger, contacts, Clock.systemUTC());
    }

    LoyaltyServiceImpl(EntityManagerFactory emf, RulesEngine rules, DecisionLedger ledger, ContactService contacts,
            Clock clock) {
        this.emf = emf;
        this.rules = rules;
        this.ledger = ledger;
        this.contacts = contacts;
        this.clock = clock;
    }

    @Override
    public MemberStatus recordPurchase(long contactId, BigDecimal amount) {
        if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) >= 0) {
            throw new IllegalArgumentException("amount must be positive and below " + MAX_AMOUNT.toPlainString()
                    + ", was " + (amount == null ? "missing" : amount.toPlainString()));
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("amount " + amount.toPlainString() + " has more than two decimals");
        }
        if (contacts.find(contactId).isEmpty()) {
            throw new IllegalArgumentException("contact " + contactId + " does not exist");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return Transactions.inTransaction(emf, em -> {
            em.persist(new PurchaseEntity(contactId, amount.setScale(2), now));
            em.flush();
            MemberEntity member = em.find(MemberEntity.class, contactId);
            if (member == null) {
                member = new MemberEntity(contactId);
                em.persist(member);
            }
            MemberActivity activity = activity(em, contactId, member.tier(), now);
            Evaluation evaluation = rules.evaluate(LoyaltyDecisions.RULE_PACKAGE, List.of(activity));
            applyTier(em, member, activity, evaluation.decisions(LoyaltyDecisions.SET_TIER, contactId), now);
            return status(member, activity);
        });
    }

    @Override
    public Optional<MemberStatus> member(long contactId) {
        return Transactions.read(emf, em -> {
            MemberEntity member = em.find(MemberEntity.class, contactId);
            if (member == null) {
                return Optional.empty();
            }
            return Optional.of(status(member, activity(em, contactId, member.tier(), clock.instant())));
        });
    }

    private void applyTier(EntityManager em, MemberEntity member, MemberActivity activity, List<Decision> decisions,
            Instant now) {
        if (decisions.isEmpty()) {
            return;
        }
        if (decisions.size() > 1) {
            LOG.warn("Loyalty rules made {} tier decisions for one member; the last one fired wins: {}",
                    decisions.size(), decisions);
        }
        Decision decision = decisions.get(decisions.size() - 1);
        String tier = decision.attribute(LoyaltyDecisions.TIER);
        if (tier == null || tier.isBlank()) {
            throw new IllegalStateException("rule \"" + decision.rule() + "\" decided " + LoyaltyDecisions.SET_TIER
                    + " without a '" + LoyaltyDecisions.TIER + "' attribute");
        }
        member.apply(decision, tier, now);
        ledger.record(em, List.of(decision), activity.toString());
    }

    private static MemberActivity activity(EntityManager em, long contactId, String tier, Instant now) {
        Instant since = now.atOffset(ZoneOffset.UTC).minusMonths(12).toInstant();
        Object[] totals = em.createQuery("select coalesce(sum(p.amount), 0), count(p) from PurchaseEntity p "
                + "where p.contactId = :contact and p.occurredAt > :since", Object[].class)
                .setParameter("contact", contactId).setParameter("since", since).getSingleResult();
        BigDecimal spend = new BigDecimal(totals[0].toString()).setScale(2);
        int purchases = ((Number) totals[1]).intValue();
        return new MemberActivity(contactId, spend, purchases, tier);
    }

    private static MemberStatus status(MemberEntity member, MemberActivity activity) {
        return new MemberStatus(activity.getContactId(), activity.getSpendLast12Months(),
                activity.getPurchasesLast12Months(), member.tier(), member.tierRule(), member.tierRelease(),
                member.tierSince());
    }
}
