package org.rapport.retention.impl;

import java.time.Clock;

import javax.persistence.EntityManagerFactory;

import org.rapport.communication.api.MessageService;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;

/** The product's retention service for other bundles' tests: its feedback, without evaluating customers on events. */
public final class Retention {

    private Retention() {
    }

    public static RetentionServiceImpl of(EntityManagerFactory emf, RulesEngine rules, DecisionLedger ledger,
            ContactService contacts, InteractionService interactions, LoyaltyService loyalty, MessageService messages,
            ConsentGate gate, Clock clock) {
        return new RetentionServiceImpl(emf, rules, ledger, contacts, interactions, loyalty, messages, gate, clock, false,
                "");
    }
}
