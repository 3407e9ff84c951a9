package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.itests.broken.BrokenPlugin;
import org.rapport.itests.undeclared.UndeclaredPlugin;
import org.rapport.rest.Roles;
import org.rapport.rules.api.RulePackageStatus;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A partner's plugin, as a partner ships it: the example referral programme
 * ({@code bundles/examples/referrals}), built on its own against the installed Rapport artifacts
 * (the build runs it before these tests), dropped as a KAR into {@code deploy/} of the running
 * server. Its capability manifest is shown, its rule pack is active, its REST path and shell
 * command answer, and its rule fires: a referred customer's first purchase earns the referrer
 * 500 points, once. When the file is removed, its rules, REST path and manifest go away.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PluginIT extends HttpTestSupport {

    @Inject
    ContactService contacts;
    @Inject
    FeaturesService features;
    @Inject
    BundleContext bundleContext;
    @Inject
    InteractionService interactions;

    @Test
    public void theExamplePluginWorksAsSoonAsItsKarIsDeployedAndLeavesNothingBehind() throws Exception {
        Path kar = Paths.get(System.getProperty(PLUGIN_KAR, ""));
        assertTrue("the example plugin's KAR is built before the integration tests: " + kar, Files.isRegularFile(kar));
        Path deployed = Paths.get(System.getProperty("karaf.base"), "deploy", "referrals.kar");
        String agent = basic(Roles.AGENT);
        String unique = UUID.randomUUID().toString().substring(0, 8);
        long referrer = contacts.create(new NewContact("referrer-" + unique + "@example.com", "Rita", "Referrer")).id();
        long friend = contacts.create(new NewContact("friend-" + unique + "@example.com", "Fred", "Friend")).id();
        assertEquals(201, call("POST", "/loyalty/purchases", agent, "{\"contactId\": " + referrer + ", \"eventId\": \"P-"
                + unique + "-1\", \"amount\": 10.00}").status());
        long before = call("GET", "/loyalty/members/" + referrer, agent, null).json().get("balance").asLong();
        assertEquals("no referrals before the plugin", 404, call("POST", "/referrals", agent, referral(referrer, friend)).status());

        Files.copy(kar, deployed, StandardCopyOption.REPLACE_EXISTING);
        try {
            await("the plugin's rule pack is active", () -> rules.status("referrals")
                    .map(s -> s.state() == RulePackageStatus.State.ACTIVE).orElse(false));
            await("the plugin's REST path is served", () -> call("POST", "/referrals", agent, referral(referrer, friend))
                    .status() == 201);
            JsonNode plugin = call("GET", "/plugins/referrals", basic(Roles.ADMIN), null).json();
            assertEquals(plugin.toString(), "[\"referrals\"]", plugin.get("rulePackages").toString());
            assertEquals(plugin.toString(), "[\"/api/v1/referrals\"]", plugin.get("restPaths").toString());
            assertTrue(execute("plugins:list"), execute("plugins:list").contains("referrals"));
            assertEquals(referrer, call("GET", "/referrals/" + friend, agent, null).json().get("referrerId").asLong());

            assertEquals(201, call("POST", "/loyalty/purchases", agent, "{\"contactId\": " + friend + ", \"eventId\": \"P-"
                    + unique + "-2\", \"amount\": 35.00}").status());
            await("the referrer is credited", () -> balance(referrer) == before + 500);
            assertEquals(201, call("POST", "/loyalty/purchases", agent, "{\"contactId\": " + friend + ", \"eventId\": \"P-"
                    + unique + "-3\", \"amount\": 80.00}").status());
            long third = contacts.create(new NewContact("third-" + unique + "@example.com", "Tess", "Third")).id();
            assertTrue(executeAs("referrals:refer " + referrer + " " + third, "admin").contains("referred by contact " + referrer));
            assertEquals(201, call("POST", "/loyalty/purchases", agent, "{\"contactId\": " + third + ", \"eventId\": \"P-"
                    + unique + "-4\", \"amount\": 20.00}").status());
            await("the second referral's first purchase is credited too", () -> balance(referrer) == before + 1000);
            String ledger = call("GET", "/loyalty/members/" + referrer + "/ledger", agent, null).body();
            assertEquals("one credit per referred customer, not per purchase: " + ledger, 2,
                ledger.split("\"actor\":\"referrals plugin\"", -1).length - 1);
        } finally {
            Files.deleteIfExists(deployed);
        }

        await("the plugin's rules are withdrawn", () -> rules.status("referrals")
                .map(s -> s.state() == RulePackageStatus.State.WITHDRAWN).orElse(true));
        await("the plugin's REST path is gone", () -> call("POST", "/referrals", agent, referral(referrer, friend))
                .status() == 404);
        // The bundle is stopped first, then uninstalled with its feature.
        // Removing a resource rebuilds the API application: meanwhile the server answers any path
        // with a page of its own, so the checks below wait for the API's own answers.
        await("the plugin is forgotten", () -> call("GET", "/plugins/referrals", basic(Roles.ADMIN), null).body()
                .contains("\"code\":\"not_found\""));
        await("the plugin's feature is uninstalled", () -> java.util.Arrays.stream(installedFeatures())
                .noneMatch(f -> f.getName().equals("referrals")));
        assertEquals("the credits stay", before + 1000, balance(referrer));
    }

    /**
     * A plugin whose listener throws, and hangs far beyond the listener budget of Event Admin
     * (5 s, etc/org.apache.felix.eventadmin.impl.EventAdmin.cfg): the platform goes on serving
     * and handling events; its InteractionListener is suspended after its faults, the
     * administrator told, and resumed.
     */
    @Test
    public void aBrokenPluginLeavesThePlatformServing() throws Exception {
        Bundle broken = bundleContext.installBundle("itest:broken-plugin", new ByteArrayInputStream(brokenPluginJar()));
        try {
            broken.start();
            String agent = basic(Roles.AGENT);
            String unique = UUID.randomUUID().toString().substring(0, 8);
            long ada = contacts.create(new NewContact("broken-" + unique + "@example.com", "Ada", "Unbroken")).id();
            System.setProperty(BrokenPlugin.CALLS, "0");
            System.setProperty(BrokenPlugin.LISTENER_CALLS, "0");

            assertEquals(201, call("POST", "/contacts/" + ada + "/interactions", agent, "{\"channel\": \"phone\", "
                    + "\"direction\": \"inbound\", \"type\": \"call\", \"summary\": \"first\"}").status());
            await("the broken listener got the call and threw", () -> Integer.getInteger(BrokenPlugin.CALLS, 0) == 1);
            assertEquals(201, call("POST", "/contacts/" + ada + "/interactions", agent, "{\"channel\": \"in_person\", "
                    + "\"direction\": \"inbound\", \"type\": \"visit\", \"summary\": \"the visit it hangs on\"}")
                    .status());
            await("the broken listener hangs on the visit", () -> Integer.getInteger(BrokenPlugin.CALLS, 0) == 2);

            // While it hangs, the platform serves, and its own listeners act on events. (Event Admin
            // delivers the events one thread posts in order: those posted after the visit by the
            // thread that posted it wait, once, until the hanging listener returns.)
            long started = System.nanoTime();
            assertEquals(200, call("GET", "/health", Map.of(), null).status());
            interactions.record(ada, new NewInteraction("phone", "inbound", "complaint", null, "parcel lost", Map.of()),
                    "itest");
            await("retention acts on the complaint", () -> call("GET", "/retention/contacts/" + ada, agent, null).body()
                    .contains("\"complaint\""));
            assertTrue("the platform did not wait for the plugin", System.nanoTime() - started
                    < java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(BrokenPlugin.HANG_MILLIS));

            // Past its budget the platform still serves (Event Admin denies the hanging handler
            // further events; when it does is Event Admin's, so it is not asserted here).
            Thread.sleep(6_000);
            assertEquals(201, call("POST", "/contacts/" + ada + "/interactions", agent, "{\"channel\": \"phone\", "
                    + "\"direction\": \"inbound\", \"type\": \"call\", \"summary\": \"after the budget\"}").status());
            await("the interaction after the budget is on the timeline", () -> call("GET", "/contacts/" + ada + "/timeline",
                    agent, null).body().contains("after the budget"));

            // Its InteractionListener threw, hung past its 5 s budget (cut off), and threw on each
            // interaction since: at the fifth fault in a row it is suspended, and the administrator is told.
            for (int i = 0; i < 2; i++) {
                assertEquals(201, call("POST", "/contacts/" + ada + "/interactions", agent, "{\"channel\": \"phone\", "
                        + "\"direction\": \"inbound\", \"type\": \"call\", \"summary\": \"more " + i + "\"}").status());
            }
            await("the listener is suspended", () -> call("GET", "/audit?action=listener.suspended", basic(Roles.ADMIN), null)
                    .body().contains("listener " + BrokenPlugin.NAME));
            int heard = Integer.getInteger(BrokenPlugin.LISTENER_CALLS, 0);
            assertEquals(201, call("POST", "/contacts/" + ada + "/interactions", agent, "{\"channel\": \"phone\", "
                    + "\"direction\": \"inbound\", \"type\": \"call\", \"summary\": \"while suspended\"}").status());
            Thread.sleep(1_000);
            assertEquals("a suspended listener hears of nothing", heard, (int) Integer.getInteger(BrokenPlugin.LISTENER_CALLS, 0));
            String guarded = execute("plugins:guarded");
            assertTrue(guarded, guarded.contains("listener") && guarded.contains(BrokenPlugin.NAME)
                    && guarded.contains("SUSPENDED") && guarded.contains("broken on purpose"));
            JsonNode listed = call("GET", "/plugins/guarded", basic(Roles.ADMIN), null).json().get("items");
            boolean shown = false;
            for (JsonNode p : listed) {
                shown |= p.get("kind").asText().equals("listener") && p.get("name").asText().equals(BrokenPlugin.NAME)
                        && p.get("suspendedAt") != null && !p.get("suspendedAt").isNull();
            }
            assertTrue("the suspended listener in GET /plugins/guarded: " + listed, shown);
            assertTrue(execute("plugins:resume listener " + BrokenPlugin.NAME).contains("resumed"));
            assertEquals("resumed once", 409, call("POST", "/plugins/guarded/listener/" + BrokenPlugin.NAME + "/resume",
                    basic(Roles.ADMIN), null).status());
        } finally {
            broken.uninstall();
        }
    }

    /**
     * A plugin whose manifest declares one REST path and registers, besides a resource there, a
     * resource, a channel, a rule pack and a fact model it does not declare, and an erasure
     * participant without declaring personal data: each undeclared one is refused (not served, not
     * called, not deployed) and reported on the plugin, in the shell and in the audit log.
     */
    @Test
    public void whatAPluginDoesNotDeclareIsRefusedAndReported() throws Exception {
        String smuggled = UndeclaredPlugin.UNDECLARED;
        String drl = "package itest.smuggled;\nglobal org.rapport.rules.api.Decisions decisions;\n"
                + "rule \"SMG-001 never deployed\"\nwhen\nthen\nend\n";
        Bundle plugin = bundleContext.installBundle("itest:undeclared-plugin", new ByteArrayInputStream(pluginJar(
                "com.example.undeclared", UndeclaredPlugin.class, "org.rapport.plugin; org.rapport.plugin=\""
                        + UndeclaredPlugin.NAME + "\"; version:Version=\"1.0.0\"; rest-paths:List<String>=\""
                        + UndeclaredPlugin.DECLARED_PATH + "\"",
                "org.osgi.framework, javax.ws.rs, javax.ws.rs.core, org.rapport.rest, org.rapport.rules.api, "
                        + "org.rapport.contacts.api, org.rapport.communication.api, org.rapport.privacy.spi",
                Map.of("META-INF/rules/" + smuggled + "/smuggled.drl", drl))));
        String admin = basic(Roles.ADMIN);
        try {
            plugin.start();
            await("the declared REST path is served", () -> call("GET", "/undeclared-plugin", admin, null).status() == 200);
            JsonNode refused = call("GET", "/plugins/" + UndeclaredPlugin.NAME, admin, null).json().get("refused");
            Map<String, String> byKind = new java.util.TreeMap<>();
            refused.forEach(r -> byKind.put(r.get("kind").asText() + " " + r.get("name").asText(), r.get("reason").asText()));
            assertEquals(refused.toString(), java.util.Set.of("rest-path /api/v1/" + smuggled, "channel " + smuggled,
                    "rule-package " + smuggled, "fact-model " + smuggled, "erasure-participant " + UndeclaredPlugin.NAME),
                    byKind.keySet());
            assertEquals("the plugin's channels [] do not name it", byKind.get("channel " + smuggled));
            assertEquals("the plugin declares no personal-data", byKind.get("erasure-participant " + UndeclaredPlugin.NAME));

            assertEquals("the undeclared resource is not served", 404, call("GET", "/" + smuggled, admin, null).status());
            assertTrue("the undeclared rule pack is not deployed", rules.status(smuggled).isEmpty());
            assertTrue("the undeclared channel is not taken",
                    !call("GET", "/channels", admin, null).body().contains("\"" + smuggled + "\""));
            long contact = contacts.create(new NewContact("undeclared-" + UUID.randomUUID().toString().substring(0, 8)
                    + "@example.com", "Una", "Declared")).id();
            String report = call("POST", "/contacts/" + contact + "/erasure", admin, null).body();
            assertTrue("the undeclared participant is not called: " + report, !report.contains("\"participant\":\""
                    + UndeclaredPlugin.NAME + "\""));
            String show = execute("plugins:show " + UndeclaredPlugin.NAME);
            assertTrue(show, show.contains("Refused:       5 registration(s)") && show.contains("channel '" + smuggled + "'"));
            await("the refusals are audited", () -> call("GET", "/audit?action=plugin.refused", admin, null).body()
                    .split("plugin " + UndeclaredPlugin.NAME, -1).length - 1 == 5);
        } finally {
            plugin.uninstall();
        }
    }

    /**
     * A plugin that declares personal data and registers no erasure participant is named in every
     * erasure report, and only while it is there.
     */
    @Test
    public void aPluginDeclaringPersonalDataWithoutAParticipantIsNamedInEveryErasure() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String declared = "visit notes " + unique;
        Bundle keeper = bundleContext.installBundle("itest:keeper-plugin", new ByteArrayInputStream(pluginJar(
                "com.example.keeper", null, "org.rapport.plugin; org.rapport.plugin=\"keeper\"; version:Version=\"1.0.0\"; "
                        + "personal-data=\"" + declared + "\"", null, Map.of())));
        String admin = basic(Roles.ADMIN);
        String named = "keeper (com.example.keeper): " + declared;
        try {
            keeper.start();
            for (int i = 0; i < 2; i++) {
                long contact = contacts.create(new NewContact("kept-" + i + "-" + unique + "@example.com", "Kim", "Kept")).id();
                JsonNode report = call("POST", "/contacts/" + contact + "/erasure", admin, null).json();
                assertTrue(report.toString(), report.get("unreached").toString().contains("\"" + named + "\""));
            }
        } finally {
            keeper.uninstall();
        }
        long after = contacts.create(new NewContact("after-" + unique + "@example.com", "Al", "After")).id();
        JsonNode report = call("POST", "/contacts/" + after + "/erasure", admin, null).json();
        assertTrue(report.toString(), !report.get("unreached").toString().contains(declared));
    }

    /** The broken plugin as a bundle of its own: its class, a manifest, an activator. */
    private static byte[] brokenPluginJar() throws IOException {
        return pluginJar("com.example.broken", BrokenPlugin.class, null,
                "org.osgi.framework, org.osgi.service.event, org.rapport.contacts.api", Map.of());
    }

    /**
     * A bundle of its own: the activator's class and its nested classes, a manifest (with the
     * plugin capability, if given) and other entries.
     */
    private static byte[] pluginJar(String symbolicName, Class<?> activator, String capability, String imports,
            Map<String, String> entries) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        if (activator != null) {
            main.putValue("Bundle-Activator", activator.getName());
            main.putValue("Import-Package", imports);
        }
        if (capability != null) {
            main.putValue("Provide-Capability", capability);
        }
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, manifest)) {
            List<Class<?>> classes = new java.util.ArrayList<>();
            if (activator != null) {
                classes.add(activator);
                classes.addAll(List.of(activator.getDeclaredClasses()));
            }
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    out.putNextEntry(new JarEntry(entry));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar.toByteArray();
    }

    private org.apache.karaf.features.Feature[] installedFeatures() {
        try {
            return features.listInstalledFeatures();
        } catch (Exception e) {
            throw new AssertionError("the installed features could not be listed", e);
        }
    }

    private long balance(long contactId) {
        Reply[] member = new Reply[1];
        await("the API answers", () -> (member[0] = call("GET", "/loyalty/members/" + contactId, basic(Roles.AGENT), null))
                .status() == 200);
        return member[0].json().get("balance").asLong();
    }

    private static String referral(long referrer, long contactId) {
        return "{\"referrerId\": " + referrer + ", \"contactId\": " + contactId + "}";
    }
}
