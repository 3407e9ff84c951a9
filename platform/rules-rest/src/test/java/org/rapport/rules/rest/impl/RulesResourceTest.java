package org.rapport.rules.rest.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.core.SecurityContext;

import org.junit.Before;
import org.junit.Test;
import org.rapport.rest.ApiException;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleCoverage;
import org.rapport.rules.api.RuleFinding;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.rest.impl.RulesResource.RuleFiles;
import org.rapport.testing.Await;

public class RulesResourceTest {

    private static final SecurityContext ADA = caller("ada");
    private static final SecurityContext GRACE = caller("grace");

    private DroolsRulesEngine engine;
    private RulesResource resource;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(() -> Set.of(Shopper.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
        resource = new RulesResource(engine);
    }

    static String vipRule(int threshold) {
        return "package shop;\n"
                + "import " + Shopper.class.getName() + ";\n"
                + "global org.rapport.rules.api.Decisions decisions;\n"
                + "rule \"VIP from " + threshold + "\"\n"
                + "when\n"
                + "    $s : Shopper( spend >= " + threshold + " )\n"
                + "then\n"
                + "    decisions.decide(\"shop.vip\", $s.getId());\n"
                + "end\n";
    }

    private static RuleFiles files(String drl) {
        return new RuleFiles(Map.of("vip.drl", drl));
    }

    private static SecurityContext caller(String name) {
        Principal principal = () -> name;
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public boolean isUserInRole(String role) {
                return "analyst".equals(role);
            }

            @Override
            public boolean isSecure() {
                return true;
            }

            @Override
            public String getAuthenticationScheme() {
                return BASIC_AUTH;
            }
        };
    }

    private static ApiException refusal(Runnable call) {
        try {
            call.run();
        } catch (ApiException expected) {
            return expected;
        }
        throw new AssertionError("the call was not refused");
    }

    @Test
    public void aDeployIsARecordedReleaseAuthoredByTheCaller() {
        Release release = resource.deploy("shop", files(vipRule(100)), ADA);

        assertEquals(1, release.version());
        assertEquals("ada", release.author());
        assertEquals("REST API", release.origin());
        assertEquals(RulePackageStatus.State.ACTIVE, resource.get("shop").state());
        assertEquals(release, resource.get("shop").active());
        assertEquals(List.of(release), resource.history("shop").items());
        assertEquals(vipRule(100), resource.release("shop", "1").files().get("vip.drl"));
    }

    @Test
    public void aCheckSaysWhatTheGateWouldSayAndDeploysNothing() {
        resource.deploy("shop", files(vipRule(100)), ADA);

        RulesResource.Check broken = resource.check("shop", files("package shop;\nrule \"broken\" when\n then nonsense( end"));
        assertEquals(false, broken.accepted());
        assertTrue(broken.problems().get(0).location(), broken.problems().get(0).location().startsWith("vip.drl:"));
        RulesResource.Check good = resource.check("shop", files(vipRule(200)));
        assertTrue(good.accepted());
        assertEquals(List.of(), good.problems());
        assertEquals(List.of(), good.findings());

        assertEquals(1, resource.history("shop").items().size());
        assertEquals(1, resource.get("shop").active().version());
        assertNull("a check is not a refused deploy", resource.get("shop").lastRejection());
    }

    @Test
    public void aCheckNamesTheStaticChecksFindingsWithFileLineRulesAndKind() {
        String vip = vipRule(100);
        String gold = vip.replace("VIP from 100", "Gold from 50").replace("spend >= 100", "spend >= 50")
                .replace("decisions.decide(\"shop.vip\", $s.getId());",
                        "decisions.decide(\"shop.vip\", $s.getId()).with(\"level\", \"gold\");")
                .replace("package shop;", "");
        String silver = vip.replace("decisions.decide(\"shop.vip\", $s.getId());",
                "decisions.decide(\"shop.vip\", $s.getId()).with(\"level\", \"silver\");");
        RulesResource.Check check = resource.check("shop", files(silver + gold.substring(gold.indexOf("rule "))));

        assertTrue("a conflict warns by default", check.accepted());
        assertEquals(1, check.findings().size());
        RuleFinding conflict = check.findings().get(0);
        assertEquals(RuleFinding.Check.CONFLICT, conflict.check());
        assertEquals("vip.drl:4", conflict.location());
        assertEquals(List.of("VIP from 100", "Gold from 50"), conflict.rules());
        assertTrue(conflict.message(), conflict.message().contains("level silver / gold"));
    }

    @Test
    public void deployingTheActiveFilesAgainChangesNothing() {
        Release first = resource.deploy("shop", files(vipRule(100)), ADA);

        assertEquals(first, resource.deploy("shop", files(vipRule(100)), GRACE));
        assertEquals(1, resource.history("shop").items().size());
    }

    @Test
    public void aBrokenCandidateIsRefusedAndTheActiveReleaseStaysWithTheRejectionShown() {
        resource.deploy("shop", files(vipRule(100)), ADA);

        try {
            resource.deploy("shop", files("package shop;\nrule \"broken\" when\n then nonsense( end"), GRACE);
            fail("a broken rule file is refused");
        } catch (RuleRejectedException expected) {
            assertTrue(expected.rejection().problems().get(0).location(),
                    expected.rejection().problems().get(0).location().startsWith("vip.drl:"));
        }

        RulesResource.PackageView view = resource.get("shop");
        assertEquals(1, view.active().version());
        assertEquals("vip.drl", view.lastRejection().problems().get(0).file());
    }

    @Test
    public void rollbackWithoutAVersionReturnsToTheReleaseBeforeTheActiveOne() {
        resource.deploy("shop", files(vipRule(100)), ADA);
        resource.deploy("shop", files(vipRule(200)), ADA);

        Release rolledBack = resource.rollback("shop", null, GRACE);

        assertEquals(3, rolledBack.version());
        assertEquals("grace", rolledBack.author());
        assertEquals("rollback to v1", rolledBack.origin());
        assertEquals(resource.history("shop").items().get(2).hash(), rolledBack.hash());
        assertEquals(List.of("--- vip.drl", "+++ vip.drl", "-   4  rule \"VIP from 100\"", "+   4  rule \"VIP from 200\"",
                "-   6      $s : Shopper( spend >= 100 )", "+   6      $s : Shopper( spend >= 200 )"),
                resource.diff("shop", "1", "2").lines());
        assertEquals(List.of(), resource.diff("shop", "1", "3").lines());
    }

    @Test
    public void scenariosRunOnRequestAndReportEachResult() {
        String scenarios = """
                - scenario: big spender
                  given:
                    - Shopper: {id: s1, spend: 150}
                  expect:
                    - shop.vip: {subject: s1}
                - scenario: small spender
                  given:
                    - Shopper: {id: s2, spend: 10}
                  expect: []
                """;
        resource.deploy("shop", new RuleFiles(Map.of("vip.drl", vipRule(100), "vip.scenarios.yaml", scenarios)), ADA);

        TestReport report = resource.test("shop");

        assertEquals(2, report.passed());
        assertEquals(0, report.failed());
        assertEquals("small spender", report.results().get(1).scenario());
        assertEquals(6, report.results().get(1).line());
        assertNull(report.results().get(1).failure());
        assertEquals(List.of(new RuleCoverage("VIP from 100", "vip.drl", 4, List.of("vip.scenarios.yaml:1 big spender"))),
                report.coverage());
        assertEquals(report.coverage(), resource.release("shop", "1").coverage());
    }

    @Test
    public void aShadowRunsBesideTheActiveReleaseAndIsPromotedByTheCaller() {
        resource.deploy("shop", files(vipRule(100)), ADA);

        resource.startShadow("shop", files(vipRule(50)), GRACE);
        engine.evaluate("shop", List.of(new Shopper("s", 70)));

        assertEquals(1, resource.shadow("shop").evaluations());
        assertEquals(1, resource.get("shop").shadow().differences().changed());
        Release promoted = resource.promoteShadow("shop", GRACE);
        assertEquals("grace", promoted.author());
        assertEquals(404, refusal(() -> resource.shadow("shop")).status());
    }

    @Test
    public void aBackgroundPreviewShowsItsProgressAndThenItsImpact() throws InterruptedException {
        List<Shopper> stored = new java.util.ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            stored.add(new Shopper("s" + i, i % 200));
        }
        engine.addFactSource(new FactSource() {
            @Override
            public void forEachBatch(int batchSize, java.util.function.Consumer<List<?>> batch) {
                for (int from = 0; from < stored.size(); from += batchSize) {
                    batch.accept(stored.subList(from, Math.min(stored.size(), from + batchSize)));
                }
            }

            @Override
            public long count() {
                return stored.size();
            }
        }, Map.of(FactModel.RULE_PACKAGE, "shop"));
        resource.deploy("shop", files(vipRule(100)), ADA);

        javax.ws.rs.core.Response accepted = resource.startPreview("shop", files(vipRule(50)));
        assertEquals(202, accepted.getStatus());
        PreviewJob job = (PreviewJob) accepted.getEntity();
        assertEquals("rules/shop/previews/" + job.id(), accepted.getLocation().toString());
        Await.until("the preview is done", Duration.ofSeconds(30),
                () -> resource.preview("shop", job.id()).state() == PreviewJob.State.DONE);

        PreviewJob done = resource.preview("shop", job.id());
        assertEquals(PreviewJob.State.DONE, done.state());
        assertEquals(2500, done.evaluated());
        assertEquals(2500, done.total());
        assertEquals("shoppers spending 50 to 99 become VIP", 650, done.impact().changed());
        assertEquals(404, refusal(() -> resource.preview("other", job.id())).status());
    }

    @Test
    public void aBackgroundPreviewOfABrokenCandidateFailsWithItsProblems() throws InterruptedException {
        resource.deploy("shop", files(vipRule(100)), ADA);

        PreviewJob job = (PreviewJob) resource.startPreview("shop", files("rule broken")).getEntity();
        Await.until("the preview ends", Duration.ofSeconds(30), () -> resource.preview("shop", job.id()).finishedAt() != null);

        PreviewJob failed = resource.preview("shop", job.id());
        assertEquals(PreviewJob.State.FAILED, failed.state());
        assertTrue(failed.problems().toString(), failed.problems().get(0).field().startsWith("vip.drl"));
    }

    @Test
    public void badRequestsAreRefusedNamingTheFieldAtFault() {
        assertEquals("package", refusal(() -> resource.get("Shop!")).fields().get(0).field());
        assertEquals(404, refusal(() -> resource.get("nothing")).status());
        assertEquals("files", refusal(() -> resource.deploy("shop", new RuleFiles(Map.of()), ADA)).fields().get(0).field());
        assertEquals("files", refusal(() -> resource.deploy("shop", new RuleFiles(Map.of("../x.drl", "")), ADA))
                .fields().get(0).field());
        resource.deploy("shop", files(vipRule(100)), ADA);
        assertEquals("from", refusal(() -> resource.diff("shop", "one", "2")).fields().get(0).field());
        assertEquals(404, refusal(() -> resource.diff("shop", "1", "7")).status());
        assertEquals(404, refusal(() -> resource.release("shop", "7")).status());
        assertEquals(409, refusal(() -> resource.rollback("shop", null, ADA)).status());
        assertEquals(404, refusal(() -> resource.rollback("shop", new RulesResource.RollbackRequest(9L), ADA)).status());
        assertEquals(404, refusal(() -> resource.promoteShadow("shop", ADA)).status());
        assertEquals(1, resource.history("shop").items().size());
    }
}
