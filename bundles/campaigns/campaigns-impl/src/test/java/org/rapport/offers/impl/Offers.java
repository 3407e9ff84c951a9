package org.rapport.offers.impl;

import java.time.Clock;

import javax.persistence.EntityManagerFactory;

import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.rapport.segments.api.SegmentService;

/** The offers capability as the product builds it, on the test's clock, for the campaigns' tests. */
public final class Offers {

    private Offers() {
    }

    public static OfferServiceImpl create(EntityManagerFactory emf, ContactService contacts,
            InteractionService interactions, LoyaltyService loyalty, SegmentService segments, ConsentGate gate,
            RulesEngine rules, DecisionLedger ledger, Clock clock) {
        return new OfferServiceImpl(emf, contacts, interactions, new OfferDecider(emf, rules, ledger, loyalty, segments,
                gate, "profiling"), clock);
    }
}
