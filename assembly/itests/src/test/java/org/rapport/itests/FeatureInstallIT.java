package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import org.apache.karaf.features.Dependency;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An administrator installs a Rapport feature that is not installed, from the API, and uninstalls
 * it again. As shipped every Rapport feature is a part of {@code rapport}, so the test first makes
 * this node what an operator's slimmer install is ({@code featuresBoot} naming the parts but
 * {@code rapport-events}): the parts are required one by one, {@code rapport} is not, and
 * {@code rapport-events} goes. Then over REST: install, its progress to {@code installed}, its
 * REST path and shell commands there; uninstall, gone again; analysts and agents refused; both
 * audited. The node is put back as shipped at the end, for the classes after this one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class FeatureInstallIT extends HttpTestSupport {

    private static final String EVENTS = "rapport-events";
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);

    @Inject
    FeaturesService features;

    @Test
    public void aFeatureThatIsNotInstalledIsInstalledFollowedAndUninstalledFromTheApi() throws Exception {
        String admin = basic(Roles.ADMIN);
        Feature rapport = features.getFeature("rapport");
        Map<String, Set<String>> umbrella = Map.of(FeaturesService.ROOT_REGION, Set.of(requirement(rapport)));
        Set<String> each = new HashSet<>();
        for (Dependency part : rapport.getDependencies()) {
            if (!part.getName().equals(EVENTS)) {
                each.add(requirement(features.getFeature(part.getName(), part.getVersion())));
            }
        }
        Map<String, Set<String>> parts = Map.of(FeaturesService.ROOT_REGION, each);
        features.addRequirements(parts, NO_REFRESH);
        features.removeRequirements(umbrella, NO_REFRESH);
        try {
            JsonNode before = call("GET", "/features/" + EVENTS, admin, null).json();
            assertFalse(before.toString(), before.get("installed").asBoolean());
            assertEquals(404, call("GET", "/event-subscriptions", admin, null).status());
            assertEquals(403, call("POST", "/features/" + EVENTS + "/install", basic(Roles.ANALYST), "{}").status());
            assertEquals(403, call("POST", "/features/" + EVENTS + "/install", basic(Roles.AGENT), "{}").status());

            Reply install = call("POST", "/features/" + EVENTS + "/install", admin, "{}");
            assertEquals(install.body(), 202, install.status());
            String state = install.json().get("operation").get("state").asText();
            assertTrue(install.body(), Set.of("queued", "installing", "installed").contains(state));
            await("the feature is installed", () -> operation(admin).equals("installed"));
            await("the API answers again", () -> call("GET", "/features/" + EVENTS, admin, null).body().startsWith("{"));
            JsonNode installed = call("GET", "/features/" + EVENTS, admin, null).json();
            assertTrue(installed.toString(), installed.get("installed").asBoolean());
            assertEquals("itest-admin", installed.get("operation").get("actor").asText());
            await("its REST resource is served", () -> call("GET", "/event-subscriptions", admin, null).status() == 200);
            executeAs("events:list", "admin");

            assertEquals(403, call("POST", "/features/" + EVENTS + "/uninstall", basic(Roles.ANALYST), "{}").status());
            assertEquals(403, call("POST", "/features/" + EVENTS + "/uninstall", basic(Roles.AGENT), "{}").status());
            Reply uninstall = call("POST", "/features/" + EVENTS + "/uninstall", admin, "{}");
            assertEquals(uninstall.body(), 202, uninstall.status());
            await("the feature is uninstalled", () -> operation(admin).equals("uninstalled"));
            await("the API answers again", () -> call("GET", "/features/" + EVENTS, admin, null).body().startsWith("{"));
            assertFalse(call("GET", "/features/" + EVENTS, admin, null).json().get("installed").asBoolean());
            await("its REST resource is gone", () -> call("GET", "/event-subscriptions", admin, null).status() == 404);
            await("its commands are gone", () -> !run("help", null, "admin").contains("events:list"));

            String audit = call("GET", "/audit?action=feature.", admin, null).body();
            assertTrue(audit, audit.contains("\"action\":\"feature.install\"") && audit.contains("\"action\":\"feature.uninstall\""));
            assertTrue(audit, audit.contains("\"subject\":\"feature " + EVENTS + "\""));
            assertFalse("refused calls did nothing: " + audit, audit.contains("itest-analyst") || audit.contains("itest-agent"));
        } finally {
            features.addRequirements(umbrella, NO_REFRESH);
            features.removeRequirements(parts, NO_REFRESH);
        }
        assertTrue(features.isInstalled(features.getFeature(EVENTS)));
        await("the node is as shipped again", () -> call("GET", "/health/ready", Map.of(), null).status() == 200
                && call("GET", "/event-subscriptions", admin, null).status() == 200);
    }

    /**
     * The state of the feature's latest operation. While a feature's REST resources come or go the
     * whiteboard rebuilds the API, which answers with a page of its own meanwhile: not an answer yet.
     */
    private String operation(String admin) {
        Reply reply = call("GET", "/features/" + EVENTS, admin, null);
        if (reply.status() != 200 || !reply.body().startsWith("{")) {
            return "unanswered (" + reply.status() + ")";
        }
        JsonNode operation = reply.json().get("operation");
        assertTrue("failed: " + operation, !operation.get("state").asText().equals("failed"));
        return operation.get("state").asText();
    }

    private static String requirement(Feature feature) {
        return "feature:" + feature.getName() + "/[" + feature.getVersion() + "," + feature.getVersion() + "]";
    }
}
