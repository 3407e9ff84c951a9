package org.rapport.rest.impl.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import javax.persistence.EntityManager;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.rest.ApiException;
import org.rapport.rest.security.IssuedApiKey;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class JpaApiKeyServiceTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-rest");

    private JpaApiKeyService keys() {
        return new JpaApiKeyService(db.emf("rapport-rest"));
    }

    @Test
    public void anIssuedKeyAuthenticatesUntilRevoked() {
        JpaApiKeyService keys = keys();
        IssuedApiKey issued = keys.issue("Shop", Set.of("contacts:read", "loyalty:write"), "admin");
        assertTrue(issued.secret().startsWith("rpk_" + issued.key().id() + "_"));
        assertEquals(Set.of("contacts:read", "loyalty:write"), keys.authenticate(issued.secret()).orElseThrow().scopes());
        keys.revoke(issued.key().id(), "admin");
        assertFalse(keys.authenticate(issued.secret()).isPresent());
        assertTrue(keys.list().get(0).revoked());
        assertEquals("admin", keys.find(issued.key().id()).orElseThrow().revokedBy());
    }

    @Test
    public void aKeyRemembersWhenItWasLastUsedToTheMinute() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:15:42Z"));
        JpaApiKeyService keys = new JpaApiKeyService(db.emf("rapport-rest"), clock);
        IssuedApiKey issued = keys.issue("Shop", Set.of("contacts:read"), "admin");
        assertNull(keys.find(issued.key().id()).orElseThrow().lastUsedAt());

        keys.authenticate(issued.secret());
        clock.advance(Duration.ofSeconds(10));
        keys.authenticate(issued.secret());
        assertEquals(Instant.parse("2026-11-23T10:15:00Z"), keys.find(issued.key().id()).orElseThrow().lastUsedAt());

        clock.advance(Duration.ofMinutes(3));
        keys.authenticate(issued.secret());
        assertEquals(Instant.parse("2026-11-23T10:18:00Z"), keys.list().get(0).lastUsedAt());
        keys.authenticate(issued.secret().replace(issued.secret().substring(issued.secret().length() - 4), "AAAA"));
        clock.advance(Duration.ofMinutes(5));
        keys.authenticate(issued.secret().replace(issued.secret().substring(issued.secret().length() - 4), "AAAA"));
        assertEquals("a forged key is not a use", Instant.parse("2026-11-23T10:18:00Z"),
                keys.find(issued.key().id()).orElseThrow().lastUsedAt());
    }

    @Test
    public void onlyAHashIsStored() {
        IssuedApiKey issued = keys().issue("Shop", Set.of("contacts:read"), "admin");
        EntityManager em = db.emf("rapport-rest").createEntityManager();
        try {
            String stored = (String) em.createNativeQuery("select KEY_HASH from API_KEY").getSingleResult();
            assertEquals(64, stored.length());
            assertFalse(issued.secret().contains(stored));
            assertFalse(stored.contains(issued.secret().substring(17)));
        } finally {
            em.close();
        }
    }

    @Test
    public void aForgedOrMalformedKeyIsRefused() {
        JpaApiKeyService keys = keys();
        IssuedApiKey issued = keys.issue("Shop", Set.of("contacts:read"), "admin");
        String forged = forged(issued);
        assertFalse(keys.authenticate(forged).isPresent());
        assertFalse(keys.authenticate("rpk_nothing").isPresent());
        assertFalse(keys.authenticate(null).isPresent());
    }

    /** The issued key with the last character of its secret changed. */
    private static String forged(IssuedApiKey issued) {
        return issued.secret().substring(0, issued.secret().length() - 1) + (issued.secret().endsWith("A") ? "B" : "A");
    }

    @Test
    public void aRememberedKeyStillHasItsSecretChecked() {
        JpaApiKeyService keys = keys();
        IssuedApiKey issued = keys.issue("Shop", Set.of("contacts:read"), "admin");
        String forged = forged(issued);
        assertTrue(keys.authenticate(issued.secret()).isPresent());
        assertFalse("the key's id with another secret", keys.authenticate(forged).isPresent());
        assertTrue(keys.authenticate(issued.secret()).isPresent());
    }

    @Test
    public void aRevocationOnAnotherNodeHoldsOnceTheRememberedKeyIsStale() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:15:42Z"));
        JpaApiKeyService here = new JpaApiKeyService(db.emf("rapport-rest"), clock);
        JpaApiKeyService there = new JpaApiKeyService(db.emf("rapport-rest"), clock);
        IssuedApiKey issued = here.issue("Shop", Set.of("contacts:read"), "admin");
        assertTrue(here.authenticate(issued.secret()).isPresent());
        assertTrue(there.authenticate(issued.secret()).isPresent());

        there.revoke(issued.key().id(), "admin");
        assertFalse("the node that revokes refuses at once", there.authenticate(issued.secret()).isPresent());
        assertTrue("the other node trusts what it read for a moment",
                here.authenticate(issued.secret()).isPresent());
        clock.advance(Duration.ofMillis(JpaApiKeyService.FRESH_MILLIS));
        assertFalse(here.authenticate(issued.secret()).isPresent());
    }

    @Test
    public void badScopesAreNamed() {
        try {
            keys().issue(" ", Set.of("everything"), "admin");
            fail("a key without a name and with a bad scope was issued");
        } catch (ApiException e) {
            assertEquals(2, e.fields().size());
            assertEquals("'everything' is not a scope; a scope is area:action, such as contacts:read", e.fields().get(1).message());
        }
    }

    @Test(expected = ApiException.class)
    public void revokingAnUnknownKeyIsA404() {
        keys().revoke("nosuchkey000", "admin");
    }
}
