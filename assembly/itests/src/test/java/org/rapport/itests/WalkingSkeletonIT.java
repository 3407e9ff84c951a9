package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.Member;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RulePackageStatus;

/**
 * The whole chain in the assembled product: features, services, JPA on Derby, shell commands,
 * loyalty rules from the distribution's rules/ folder, hot swap and refusal of broken rules.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class WalkingSkeletonIT extends RapportTestSupport {

    private static final Pattern CONTACT_ID = Pattern.compile("Contact (\\d+) added");

    @Inject
    FeaturesService features;
    @Inject
    ContactService contacts;
    @Inject
    LoyaltyService loyalty;

    private static Path tiersFile() {
        return Paths.get(System.getProperty("karaf.home"), "rules", "loyalty", "tiers.drl");
    }

    private long addContact(String first) {
        String email = first.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
        String output = execute("contacts:add --email " + email + " --first " + first + " --last Tester");
        Matcher m = CONTACT_ID.matcher(output);
        assertTrue("contacts:add prints the id: " + output, m.find());
        return Long.parseLong(m.group(1));
    }

    private Release activeLoyaltyRelease() {
        return activeRelease("loyalty");
    }

    @Test
    public void theRapportFeaturesAreInstalled() throws Exception {
        for (String feature : new String[] {"rapport", "rapport-persistence", "rapport-rules", "rapport-privacy-spi", "rapport-plugin-guard", "rapport-contacts", "rapport-segments", "rapport-loyalty", "rapport-privacy", "rapport-sales", "rapport-service", "rapport-campaigns", "rapport-offers", "rapport-events"}) {
            assertTrue(feature + " installed", features.isInstalled(features.getFeature(feature)));
        }
    }

    @Test
    public void aContactIsStoredAndReadBack() {
        long id = addContact("Ada");

        Contact stored = contacts.find(id).orElseThrow();
        assertEquals("Ada", stored.firstName());
        String list = execute("contacts:list --limit 1000");
        assertTrue(list, list.contains(stored.email()));
    }

    @Test
    public void anInvalidContactIsRefusedWithTheField() {
        long before = contacts.count();
        try {
            execute("contacts:add --email not-an-email --first Bad");
            throw new IllegalStateException("an invalid email must be refused");
        } catch (AssertionError expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("email: 'not-an-email' is not an email address"));
        }
        assertEquals(before, contacts.count());
    }

    @Test
    public void aPurchaseUpgradesTheTierByTheShippedRules() {
        Release release = activeLoyaltyRelease();
        long id = addContact("Grace");

        String output = execute("loyalty:purchase --channel web --event-id WS-" + id + " " + id + " 1200.00");

        assertTrue(output, output.matches("(?s).*Tier:\\s+Silver.*"));
        assertTrue(output, output.contains("\"LOY-002 Silver from 1,000 qualifying points in 12 months\""));
        assertTrue(output, output.contains("1320 points (1200 qualifying)"));
        Member member = loyalty.member(id).orElseThrow();
        assertEquals(new BigDecimal("1200.00"), member.spendLast12Months());
        assertEquals(1320, member.balance());
        assertEquals("loyalty v" + release.version(), member.tierRelease());
        String again = execute("loyalty:purchase --channel web --event-id WS-" + id + " " + id + " 1200.00");
        assertTrue(again, again.contains("was recorded before; nothing new booked"));
        String shown = execute("loyalty:show " + id);
        assertTrue(shown, shown.matches("(?s).*Points:\\s+1320\\n.*"));
        String history = execute("loyalty:history " + id);
        assertTrue(history, history.contains("purchase:WS-" + id) && history.contains("earn"));
        String why = execute("rules:why " + id);
        assertTrue(why, why.contains("loyalty.set-tier {tier=Silver}"));
        assertTrue(why, why.contains("by \"LOY-002 Silver from 1,000 qualifying points in 12 months\" (loyalty v"
                + release.version() + ")"));
        assertTrue(why, why.contains("on MemberActivity[contact " + id + ", qualifying points 1200"));
        assertTrue(why, why.contains("loyalty.earn {points=120, qualifying=false}"));
    }

    @Test
    public void anEditedRuleFileChangesTheOutcomeWithoutRestartAndABrokenOneIsRefused() throws IOException {
        Path file = tiersFile();
        Path scenarios = file.resolveSibling("tiers.scenarios.yaml");
        String original = Files.readString(file, StandardCharsets.UTF_8);
        String originalScenarios = Files.readString(scenarios, StandardCharsets.UTF_8);
        Release before = activeLoyaltyRelease();
        try {
            // The shipped scenarios pin the thresholds: a rule edit alone is refused by them.
            String editedScenarios = originalScenarios.replace("qualifyingPoints: 999}", "qualifyingPoints: 799}")
                    .replace("qualifyingPoints: 1000, currentTier: Bronze}", "qualifyingPoints: 800, currentTier: Bronze}")
                    .replace("Bronze for new members below 1,000", "Bronze for new members below 800")
                    .replace("Silver from 1,000", "Silver from 800");
            Files.writeString(scenarios, editedScenarios, StandardCharsets.UTF_8);
            // Silver from 800 instead of 1,000.
            String edited = original
                    .replace("LOY-001 Bronze for new members below 1,000", "LOY-001 Bronze for new members below 800")
                    .replace("currentTier == null, qualifyingPoints < 1000 )", "currentTier == null, qualifyingPoints < 800 )")
                    .replace("LOY-002 Silver from 1,000", "LOY-002 Silver from 800")
                    .replace("qualifyingPoints >= 1000, qualifyingPoints < 5000, currentTier not in",
                            "qualifyingPoints >= 800, qualifyingPoints < 5000, currentTier not in");
            Files.writeString(file, edited, StandardCharsets.UTF_8);
            long written = System.nanoTime();
            await("the edited rules become active", () -> activeLoyaltyRelease().version() > before.version());
            long millis = (System.nanoTime() - written) / 1_000_000;
            System.out.println("Edited rule file active after " + millis + " ms");
            String rulesList = execute("rules:list");
            assertTrue(rulesList, rulesList.contains("loyalty") && rulesList.contains(" " + (before.version() + 1) + " "));

            long id = addContact("Edith");
            Member member = loyalty.recordPurchase(purchase(id, "900"), "itest").member();
            assertEquals("Silver", member.tier());
            assertEquals("LOY-002 Silver from 800 qualifying points in 12 months", member.tierRule());

            // A broken file: the condition lost its value. It is refused and the edited release keeps serving.
            Release serving = activeLoyaltyRelease();
            String broken = edited.replace("qualifyingPoints >= 800,", "qualifyingPoints >= ,");
            int brokenLine = lineOf(broken, "qualifyingPoints >= ,");
            Files.writeString(file, broken, StandardCharsets.UTF_8);
            await("the broken file is refused", () -> rules.status("loyalty").flatMap(RulePackageStatus::lastRejection).isPresent());
            String refused = execute("rules:list");
            assertTrue(refused, refused.contains("tiers.drl:" + brokenLine + ":"));
            assertEquals(serving.version(), activeLoyaltyRelease().version());
            long other = addContact("Felix");
            assertEquals("Silver", loyalty.recordPurchase(purchase(other, "850"), "itest").member().tier());

            // An edit the scenarios contradict (Gold from 4,000) is refused by them.
            Files.writeString(file, edited.replace("qualifyingPoints >= 5000, qualifyingPoints < 20000", "qualifyingPoints >= 4000, qualifyingPoints < 20000")
                    .replace("qualifyingPoints >= 800, qualifyingPoints < 5000", "qualifyingPoints >= 800, qualifyingPoints < 4000"), StandardCharsets.UTF_8);
            await("the edit the scenarios contradict is refused", () -> rules.status("loyalty")
                    .flatMap(RulePackageStatus::lastRejection)
                    .map(r -> r.problems().toString().contains("scenario 'just below 5,000 a Silver member stays Silver' failed"))
                    .orElse(false));
            assertEquals(serving.version(), activeLoyaltyRelease().version());

            // A file naming a fact type no bundle contributes is refused the same way.
            Files.writeString(file, edited.replace("MemberActivity( qualifyingPoints >= 20000, currentTier != \"Platinum\" )", "Shopper( spend >= 20000 )"),
                    StandardCharsets.UTF_8);
            await("the unknown type is refused", () -> rules.status("loyalty").flatMap(RulePackageStatus::lastRejection)
                    .map(r -> r.problems().toString().contains("Shopper")).orElse(false));
            assertEquals(serving.version(), activeLoyaltyRelease().version());
        } finally {
            Files.writeString(file, original, StandardCharsets.UTF_8);
            Files.writeString(scenarios, originalScenarios, StandardCharsets.UTF_8);
            await("the original rules are active again", () -> rules.status("loyalty")
                    .map(s -> s.lastRejection().isEmpty() && s.active().map(r -> r.version() > before.version()).orElse(false))
                    .orElse(false));
        }
        long id = addContact("Henry");
        assertEquals("Bronze", loyalty.recordPurchase(purchase(id, "900"), "itest").member().tier());
    }

    /** The line (from 1) of the first line holding {@code fragment}. */
    static int lineOf(String text, String fragment) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(fragment)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(fragment + " not in text");
    }
}
