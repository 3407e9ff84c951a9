package org.rapport.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Test;

/** The policy's decisions: a plugin is admitted what its manifest declares, and nothing else. */
public class PluginManifestTest {

    private static final PluginManifest REFERRALS = PluginManifest.of(Map.of(PluginManifest.NAMESPACE, "referrals",
            "version", "1.0.0", "personal-data", "referral notes", "channels", List.of("sms"),
            "rule-packages", List.of("referrals"), "rest-paths", List.of("/api/v1/referrals", "/api/v1/partners/acme"),
            "offer-sources", List.of("referral-offers")));

    private static final PluginManifest BARE = PluginManifest.of(Map.of(PluginManifest.NAMESPACE, "bare"));

    @Test
    public void whatIsDeclaredIsAdmitted() {
        assertEquals(Optional.empty(), REFERRALS.refusal(Registration.REST_PATH, "/api/v1/referrals"));
        assertEquals(Optional.empty(), REFERRALS.refusal(Registration.REST_PATH, "/api/v1/referrals/{id}"));
        assertEquals(Optional.empty(), REFERRALS.refusal(Registration.REST_PATH, "/api/v1/partners/acme/orders"));
        assertEquals(Optional.empty(), REFERRALS.refusal(Registration.CHANNEL, "sms"));
        assertEquals(Optional.empty(), REFERRALS.refusal(Registration.RULE_PACKAGE, "referrals"));
        assertEquals(Optional.empty(), REFERRALS.refusal(Registration.FACT_MODEL, "referrals"));
        assertEquals(Optional.empty(), REFERRALS.refusal(Registration.ERASURE_PARTICIPANT, "referrals"));
        assertEquals(Optional.empty(), REFERRALS.refusal(Registration.OFFER_SOURCE, "referral-offers"));
    }

    @Test
    public void whatIsNotDeclaredIsRefusedNamingTheAttribute() {
        assertEquals("the plugin's rest-paths [/api/v1/referrals, /api/v1/partners/acme] do not cover it",
                REFERRALS.refusal(Registration.REST_PATH, "/api/v1/contacts").orElseThrow());
        assertTrue(REFERRALS.refusal(Registration.REST_PATH, "/api/v1/referralsx").isPresent());
        assertTrue("a sibling of a declared path", REFERRALS.refusal(Registration.REST_PATH, "/api/v1/partners").isPresent());
        assertTrue("outside the API", REFERRALS.refusal(Registration.REST_PATH, "/referrals").isPresent());
        assertEquals("the plugin's channels [sms] do not name it",
                REFERRALS.refusal(Registration.CHANNEL, "email").orElseThrow());
        assertEquals("the plugin's rule-packages [referrals] do not name it",
                REFERRALS.refusal(Registration.RULE_PACKAGE, "loyalty").orElseThrow());
        assertTrue(REFERRALS.refusal(Registration.FACT_MODEL, "loyalty").isPresent());
        assertEquals("the plugin's offer-sources [referral-offers] do not name it",
                REFERRALS.refusal(Registration.OFFER_SOURCE, "acme-offers").orElseThrow());
        assertEquals("the plugin declares no personal-data",
                BARE.refusal(Registration.ERASURE_PARTICIPANT, "bare").orElseThrow());
        for (Registration kind : Registration.values()) {
            assertTrue("a plugin declaring nothing gets no " + kind, BARE.refusal(kind, "anything").isPresent());
        }
    }

    @Test
    public void aPathThatIsNotAPluginsOwnDeclaresNothing() {
        for (String declared : List.of("/", "/api/v1", "/api/v1/", "/api", "api/v1/x", "/api/v1/../contacts",
                "/api/v1/./contacts", "/api/v2/x", "/api/v1/x y")) {
            assertFalse(declared, PluginManifest.validRestPath(declared));
            PluginManifest greedy = PluginManifest.of(Map.of(PluginManifest.NAMESPACE, "greedy", "rest-paths", declared));
            assertEquals(declared, "the plugin's rest-paths [" + declared + "] do not cover it (a declared path is "
                    + "/api/v1/<segment>[/...])", greedy.refusal(Registration.REST_PATH, "/api/v1/contacts").orElseThrow());
        }
        assertTrue(PluginManifest.validRestPath("/api/v1/visits"));
        assertTrue(PluginManifest.validRestPath("/api/v1/acme-visits/v2.1"));
    }

    @Test
    public void aSingleValueIsAListAndABlankPersonalDataDeclaresNone() {
        PluginManifest one = PluginManifest.of(Map.of(PluginManifest.NAMESPACE, "one", "channels", "sms",
                "personal-data", "  "));
        assertEquals(List.of("sms"), one.channels());
        assertNull(one.personalData());
        assertEquals("one", one.name());
        assertEquals(List.of(), one.restPaths());
    }
}
