package org.rapport.loyalty.impl.command;

import static org.junit.Assert.assertEquals;

import java.time.Clock;
import java.util.List;

import org.apache.karaf.shell.api.console.Candidate;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.loyalty.api.Reward;
import org.rapport.loyalty.impl.LoyaltyServiceImpl;
import org.rapport.rest.Roles;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class RewardCodeCompleterTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-contacts", "rapport-rules");

    @Test
    public void rewardsCompleteByCodeWithWhatTheyCostForThoseWhoRedeemOrReadThem() {
        LoyaltyServiceImpl loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), new DroolsRulesEngine(),
                new JpaDecisionLedger(db.emf("rapport-rules")), new ContactServiceImpl(db.emf("rapport-contacts")),
                Clock.systemUTC(), "EUR", 24);
        loyalty.saveReward(new Reward("COFFEE", "A coffee", 300, 2, true));
        loyalty.saveReward(new Reward("CINEMA", "Two tickets", 1200, null, false));
        loyalty.saveReward(new Reward("SPA", "A day at the spa", 5000, null, true));
        RewardCodeCompleter completer = new RewardCodeCompleter();
        completer.loyalty = loyalty;

        List<Candidate> offered = ShellSessions.complete(completer, Roles.AGENT, "loyalty:redeem", "7", "C");
        assertEquals(List.of("CINEMA", "COFFEE"), offered.stream().map(Candidate::value).sorted().toList());
        assertEquals("Two tickets, 1200 points, withdrawn", offered.stream().filter(c -> c.value().equals("CINEMA"))
                .findFirst().orElseThrow().descr());
        assertEquals(3, ShellSessions.values(completer, Roles.ANALYST, "loyalty:rewards", "--set", "").size());
        assertEquals(List.of(), ShellSessions.values(completer, Roles.PARTNER, "loyalty:redeem", "7", ""));
    }
}
