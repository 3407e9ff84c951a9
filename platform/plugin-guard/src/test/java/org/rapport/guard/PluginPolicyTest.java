package org.rapport.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.event.Event;
import org.rapport.privacy.spi.AuditEvents;
import org.rapport.testing.OsgiFramework;

/** The policy on bundles of a real OSGi framework: what it admits, what it reports, and for how long. */
public class PluginPolicyTest {

    @Rule
    public OsgiFramework osgi = new OsgiFramework(null);

    private final List<Event> audited = new ArrayList<>();
    private PluginPolicy policy;

    @Before
    public void open() {
        // Refusals are kept by bundle id, and each test's framework numbers its bundles from 1 again.
        for (long id = 0; id < 10; id++) {
            PluginPolicy.forget(id);
        }
        policy = PluginPolicy.open("Test plugin point", osgi.context(), audited::add);
    }

    @Test
    public void aBundleThatIsNoPluginIsAdmittedAnything() throws Exception {
        Bundle own = install("org.rapport.rapport-contacts-impl", null);
        for (Registration kind : Registration.values()) {
            assertTrue(kind.toString(), policy.admit(own, kind, "anything"));
        }
        assertEquals(List.of(), PluginPolicy.refusals(own));
        assertEquals(List.of(), audited);
    }

    @Test
    public void aPluginIsAdmittedWhatItDeclaresAndEachRefusalIsReportedOnce() throws Exception {
        Bundle plugin = install("com.example.visits", "org.rapport.plugin; org.rapport.plugin=\"visits\"; "
                + "channels:List<String>=\"sms\"; rest-paths:List<String>=\"/api/v1/visits\"; "
                + "offer-sources:List<String>=\"visit-offers\"");
        assertTrue(policy.admit(plugin, Registration.CHANNEL, "sms"));
        assertTrue(policy.admit(plugin, Registration.OFFER_SOURCE, "visit-offers"));
        assertTrue(policy.admit(plugin, Registration.REST_PATH, "/api/v1/visits/{id}"));
        assertFalse(policy.admit(plugin, Registration.CHANNEL, "email"));
        assertFalse(policy.admit(plugin, Registration.RULE_PACKAGE, "loyalty"));
        assertFalse("refused again", policy.admit(plugin, Registration.CHANNEL, "email"));

        List<Refusal> refusals = PluginPolicy.refusals(plugin);
        assertEquals(2, refusals.size());
        assertEquals("channel 'email' refused: the plugin's channels [sms] do not name it", refusals.get(0).toString());
        assertEquals(Registration.RULE_PACKAGE, refusals.get(1).kind());
        assertEquals("one audit entry per refusal, not per attempt", 2, audited.size());
        Event first = audited.get(0);
        assertEquals(AuditEvents.TOPIC, first.getTopic());
        assertEquals("plugin.refused", first.getProperty(AuditEvents.ACTION));
        assertEquals("plugin visits", first.getProperty(AuditEvents.SUBJECT));
        assertEquals("system", first.getProperty(AuditEvents.ACTOR));
        assertEquals("bundle com.example.visits: channel 'email' refused: the plugin's channels [sms] do not name it",
                first.getProperty(AuditEvents.AFTER));
    }

    @Test
    public void aServiceIsJudgedByTheBundleThatRegisteredIt() throws Exception {
        Bundle plugin = install("com.example.quiet", "org.rapport.plugin; org.rapport.plugin=\"quiet\"");
        assertFalse(policy.admit(Map.of(Constants.SERVICE_BUNDLEID, plugin.getBundleId()), Registration.ERASURE_PARTICIPANT,
                "quiet"));
        assertEquals("the plugin declares no personal-data", PluginPolicy.refusals(plugin).get(0).reason());
        assertTrue("a bundle that is gone has nothing to hold it to",
                policy.admit(Map.of(Constants.SERVICE_BUNDLEID, 9_999L), Registration.CHANNEL, "sms"));
    }

    @Test
    public void anUpdateThatDeclaresItClearsTheRefusalAndUninstallingForgetsIt() throws Exception {
        Bundle plugin = install("com.example.growing", "org.rapport.plugin; org.rapport.plugin=\"growing\"");
        assertFalse(policy.admit(plugin, Registration.CHANNEL, "sms"));
        assertEquals(1, PluginPolicy.refusals(plugin).size());

        Thread.sleep(5); // the update's revision is told apart by its time
        plugin.update(jar("com.example.growing", "org.rapport.plugin; org.rapport.plugin=\"growing\"; "
                + "channels:List<String>=\"sms\""));
        osgi.framework().adapt(org.osgi.framework.wiring.FrameworkWiring.class).refreshBundles(List.of(plugin));
        assertEquals("refusals belong to the revision that was refused", List.of(), PluginPolicy.refusals(plugin));
        assertTrue(policy.admit(plugin, Registration.CHANNEL, "sms"));

        assertFalse(policy.admit(plugin, Registration.CHANNEL, "email"));
        PluginPolicy.forget(plugin.getBundleId());
        assertEquals(List.of(), PluginPolicy.refusals(plugin));
    }

    private Bundle install(String symbolicName, String capability) throws BundleException {
        return osgi.install(symbolicName, headers(capability), List.of());
    }

    private static InputStream jar(String symbolicName, String capability) {
        return OsgiFramework.jar(symbolicName, headers(capability), List.of());
    }

    private static Map<String, String> headers(String capability) {
        return capability == null ? Map.of() : Map.of(Constants.PROVIDE_CAPABILITY, capability);
    }
}
