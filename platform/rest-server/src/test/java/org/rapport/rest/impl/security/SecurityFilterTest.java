package org.rapport.rest.impl.security;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.Test;

/** The name a failed login is counted under, so that one name's failures do not hold up another's. */
public class SecurityFilterTest {

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void aPersonIsCountedUnderTheNameTheyClaim() {
        assertEquals("admin", SecurityFilter.claimedName(basic("admin:wrong"), null));
        assertEquals("grace", SecurityFilter.claimedName(basic("grace:pass:with:colons"), null));
        assertEquals("no-password", SecurityFilter.claimedName(basic("no-password"), null));
    }

    @Test
    public void everyApiKeyIsCountedUnderOneName() {
        assertEquals(SecurityFilter.KEY_NAME, SecurityFilter.claimedName(null, "rpk_x_y"));
        assertEquals(SecurityFilter.KEY_NAME, SecurityFilter.claimedName("Bearer rpk_x_y", null));
        assertEquals("an API key header wins", SecurityFilter.KEY_NAME, SecurityFilter.claimedName(basic("admin:x"), "rpk_x_y"));
    }

    @Test
    public void garbageIsCountedUnderTheEmptyName() {
        assertEquals("", SecurityFilter.claimedName("Basic %%%not-base64", null));
    }

    @Test
    public void theAuditNamesAKeyByItsIdNeverItsSecretAndMarksUncheckedNames() {
        String key = "rpk_abcdefghijkl_" + "s".repeat(43);
        assertEquals("key abcdefghijkl", SecurityFilter.actor(null, key, true));
        assertEquals("unchecked key abcdefghijkl", SecurityFilter.actor("Bearer " + key, null, false));
        assertEquals("unchecked key not of Rapport's form", SecurityFilter.actor(null, "guess", false));
        assertEquals("grace", SecurityFilter.actor(basic("grace:a-long-password"), null, true));
        assertEquals("unchecked user admin", SecurityFilter.actor(basic("admin:wrong"), null, false));
        assertEquals("anonymous", SecurityFilter.actor(null, null, false));
        assertEquals("unchecked credentials of an unknown scheme", SecurityFilter.actor("Digest x", null, false));
    }
}
