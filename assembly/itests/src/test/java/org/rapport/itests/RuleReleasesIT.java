package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.NewContact;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RulePackageStatus;

/** Rule releases in the running product: deploy from the shell, history, rollback, and the policy gate. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RuleReleasesIT extends RapportTestSupport {

    @Inject
    ContactService contacts;
    @Inject
    LoyaltyService loyalty;
    @Inject
    BundleContext bundleContext;

    private Release active() {
        return activeRelease("loyalty");
    }

    private String tierFor(String amount) {
        long id = contacts.create(new NewContact("r-" + UUID.randomUUID() + "@example.com", "R", null)).id();
        return loyalty.recordPurchase(purchase(id, amount), "itest").member().tier();
    }

    @Test
    public void deployHistoryAndRollbackFromTheShell() throws IOException {
        Path hotFile = Paths.get(System.getProperty("karaf.home"), "rules", "loyalty", "tiers.drl");
        String original = Files.readString(hotFile, StandardCharsets.UTF_8);
        Release before = active();
        Path staging = candidateFolder("staging");
        String edited = original.replace("currentTier == null, qualifyingPoints < 1000 )", "currentTier == null, qualifyingPoints < 700 )")
                .replace("qualifyingPoints >= 1000, qualifyingPoints < 5000, currentTier not in",
                        "qualifyingPoints >= 700, qualifyingPoints < 5000, currentTier not in");
        Files.writeString(staging.resolve("tiers.drl"), edited, StandardCharsets.UTF_8);
        Files.copy(hotFile.resolveSibling("earning.drl"), staging.resolve("earning.drl"));
        // Every package keeps scenarios: without any, the candidate is refused.
        try {
            execute("rules:deploy loyalty " + staging);
            fail("a package without scenarios must be refused");
        } catch (AssertionError refused) {
            assertTrue(refused.getMessage(), refused.getMessage().contains("rule package 'loyalty' has no scenarios"));
        }
        Files.copy(hotFile.resolveSibling("earning.scenarios.yaml"), staging.resolve("earning.scenarios.yaml"));

        String deployed = execute("rules:deploy loyalty " + staging);

        assertTrue(deployed, deployed.contains("v" + (before.version() + 1)
                + " active: 15 rule(s) from earning.drl, earning.scenarios.yaml, tiers.drl"));
        assertEquals("Silver", tierFor("750"));
        await("the hot folder holds the deployed files", () -> read(hotFile).equals(edited));
        String history = execute("rules:history loyalty");
        assertTrue(history, history.contains(staging.toRealPath().toString()));
        assertTrue("the shipped release's scenarios fire all 15 rules: " + history, history.contains("15/15"));
        String diff = execute("rules:diff loyalty " + before.version() + " " + (before.version() + 1));
        assertTrue(diff, diff.contains("--- tiers.scenarios.yaml") && diff.contains("+++ /dev/null"));
        assertTrue(diff, diff.contains("$m : MemberActivity( currentTier == null, qualifyingPoints < 1000 )"));
        assertTrue(diff, diff.contains("$m : MemberActivity( currentTier == null, qualifyingPoints < 700 )"));

        String rolledBack = execute("rules:rollback loyalty");

        assertTrue(rolledBack, rolledBack.contains("v" + (before.version() + 2) + " active: the files of v" + before.version()));
        assertEquals("Bronze", tierFor("750"));
        await("the hot folder holds the original again", () -> read(hotFile).equals(original));
        assertEquals(before.hash(), active().hash());
    }

    @Test
    public void aPreviewCountsWhatACandidateWouldChangeForStoredMembers() throws IOException {
        Release before = active();
        long silver = contacts.create(new NewContact("p-" + UUID.randomUUID() + "@example.com", "P", null)).id();
        assertEquals("Silver", loyalty.recordPurchase(purchase(silver, "1500"), "itest").member().tier());
        Path staging = candidateFolder("preview");
        String original = read(Paths.get(System.getProperty("karaf.home"), "rules", "loyalty", "tiers.drl"));
        // Gold from 1,000 instead of 5,000; Silver's band disappears.
        Files.writeString(staging.resolve("tiers.drl"), original
                .replace("qualifyingPoints >= 1000, qualifyingPoints < 5000, currentTier", "qualifyingPoints >= 1000, qualifyingPoints < 1000, currentTier")
                .replace("qualifyingPoints >= 5000, qualifyingPoints < 20000, currentTier", "qualifyingPoints >= 1000, qualifyingPoints < 20000, currentTier"),
                StandardCharsets.UTF_8);

        String preview = execute("rules:preview loyalty " + staging);

        assertTrue(preview, preview.contains("against v" + before.version()));
        assertTrue(preview, preview.contains("loyalty.set-tier: (none) -> tier=Gold"));
        assertTrue("progress is shown as it goes: " + preview, preview.contains("stored facts evaluated")
                && preview.contains("(100%)"));
        assertEquals("nothing is applied", "Silver", loyalty.member(silver).orElseThrow().tier());
        assertEquals(before.version(), active().version());
    }

    @Test
    public void aShadowCountsDifferencesOnLivePurchasesAndAppliesNothing() throws IOException {
        Release before = active();
        Path staging = candidateFolder("shadow");
        String original = read(Paths.get(System.getProperty("karaf.home"), "rules", "loyalty", "tiers.drl"));
        Files.writeString(staging.resolve("tiers.drl"), original.replace("\"Silver\");", "\"Pewter\");"),
                StandardCharsets.UTF_8);
        Files.copy(Paths.get(System.getProperty("karaf.home"), "rules", "loyalty", "earning.drl"), staging.resolve("earning.drl"));
        execute("rules:shadow loyalty " + staging);
        try {
            assertEquals("Silver", tierFor("1500"));

            String shadow = execute("rules:shadow loyalty");

            assertTrue(shadow, shadow.contains("beside v" + before.version()));
            assertTrue(shadow, shadow.contains("loyalty.set-tier: tier=Silver -> tier=Pewter"));
        } finally {
            execute("rules:shadow --drop loyalty");
        }
        assertEquals(before.version(), active().version());
    }

    @Test
    public void theShippedPackagesServeCompiledToJava() {
        for (String rulePackage : List.of("loyalty", "retention", "privacy")) {
            Release release = activeRelease(rulePackage);
            await("rule package '" + rulePackage + "' serves compiled to Java",
                    () -> rules.status(rulePackage).map(RulePackageStatus::compiled).orElse(false));
            Evaluation evaluation = rules.evaluate(rulePackage, List.of());
            assertEquals(release.version(), evaluation.release().version());
        }
        String list = execute("rules:list");
        assertTrue(list, list.contains("compiled"));
        String report = execute("rules:test loyalty");
        assertTrue("the scenarios pass on the compiled form: " + report, report.contains(" passed, 0 failed"));
    }

    @Test
    public void theShippedScenariosPassInTheServer() {
        active();
        String report = execute("rules:test loyalty");
        assertTrue(report, report.contains("PASS tiers.scenarios.yaml:22 Silver from 1,000"));
        assertTrue(report, report.contains("24 passed, 0 failed"));
        String coverage = execute("rules:test --coverage loyalty");
        int silver = WalkingSkeletonIT.lineOf(read(Paths.get(System.getProperty("karaf.home"), "rules", "loyalty",
                "tiers.drl")), "rule \"LOY-002");
        assertTrue(coverage, coverage.contains("LOY-002 Silver from 1,000 qualifying points in 12 months (tiers.drl:"
                + silver + ") fired by tiers.scenarios.yaml:22 Silver from 1,000"));
        assertTrue(coverage, coverage.contains("15/15 rules fired by a scenario"));
    }

    @Test
    public void aRuleThatReachesForProcessesIsRefused() throws IOException {
        Release before = active();
        Path staging = candidateFolder("evil");
        String original = read(Paths.get(System.getProperty("karaf.home"), "rules", "loyalty", "tiers.drl"));
        Files.writeString(staging.resolve("tiers.drl"), original.replace(
                "decisions.decide(LoyaltyDecisions.SET_TIER, $m.getContactId()).with(LoyaltyDecisions.TIER, \"Gold\");",
                "Runtime.getRuntime().exec(\"touch /tmp/owned\");"), StandardCharsets.UTF_8);

        try {
            execute("rules:deploy loyalty " + staging);
            fail("a rule that runs processes must be refused");
        } catch (AssertionError refused) {
            assertTrue(refused.getMessage(), refused.getMessage().contains("not allowed in rules: java.lang.Runtime.getRuntime()"));
        }
        assertEquals(before.version(), active().version());
    }

    /** A new folder for a candidate in the rules folder, the only place rules:deploy, preview and shadow read. */
    private static Path candidateFolder(String prefix) throws IOException {
        Path candidates = Files.createDirectories(Paths.get(System.getProperty("karaf.home"), "rules", "candidates"));
        return Files.createTempDirectory(candidates, prefix);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A bundle carrying META-INF/rules/<package>/ has its pack live while it runs, and only then. */
    @Test
    public void aBundlesRulePackIsDeployedWhenItStartsAndWithdrawnWhenItStops() throws Exception {
        String drl = "package itest.pack;\n"
                + "import org.rapport.loyalty.facts.MemberActivity;\n"
                + "global org.rapport.rules.api.Decisions decisions;\n"
                + "rule \"PACK-001 big spender\"\n"
                + "when\n    $m : MemberActivity( spendLast12Months >= 100 )\n"
                + "then\n    decisions.decide(\"itest.big-spender\", $m.getContactId());\nend\n";
        ServiceRegistration<FactModel> facts = bundleContext.registerService(FactModel.class,
                () -> Set.of(MemberActivity.class), new Hashtable<>(Map.of(FactModel.RULE_PACKAGE, "itest-pack")));
        Bundle pack = bundleContext.installBundle("itest:rule-pack", jar("itest.rule.pack",
                Map.of("META-INF/rules/itest-pack/big.drl", drl, "META-INF/rules/itest-pack/big.scenarios.yaml",
                        "- scenario: a big spender\n  given:\n    - MemberActivity: {contactId: 7, spendLast12Months: 150}\n"
                                + "  expect:\n    - itest.big-spender: {subject: 7}\n")));
        try {
            pack.start();
            Release release = activeRelease("itest-pack");
            assertEquals(Release.BUNDLE_ORIGIN + "itest.rule.pack/1.0.0", release.origin());
            assertEquals("itest.rule.pack", release.author());
            assertEquals("itest.big-spender", rules.evaluate("itest-pack",
                    List.of(new MemberActivity(7, new BigDecimal("150"), 1, null))).decisions().get(0).type());

            pack.stop();
            assertEquals(RulePackageStatus.State.WITHDRAWN, rules.status("itest-pack").orElseThrow().state());

            pack.start();
            assertEquals("the same files are the same release", release, activeRelease("itest-pack"));
        } finally {
            pack.uninstall();
            facts.unregister();
        }
        assertEquals(RulePackageStatus.State.WITHDRAWN, rules.status("itest-pack").orElseThrow().state());
    }

    /** A bundle of nothing but resources, as a partner's rule pack may be. */
    private static InputStream jar(String symbolicName, Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                jar.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
