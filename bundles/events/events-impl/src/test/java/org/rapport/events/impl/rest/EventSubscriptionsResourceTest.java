package org.rapport.events.impl.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import javax.ws.rs.core.SecurityContext;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.events.impl.EventsService;
import org.rapport.events.impl.Subscription;
import org.rapport.events.impl.TestEvents;
import org.rapport.rest.Access;
import org.rapport.rest.ApiException;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** The REST resource: administrators only, the secret never shown after its creation, refusals naming their field. */
@Category(UsesDatabase.class)
public class EventSubscriptionsResourceTest {

    @Rule
    public final TestPersistence db = new TestPersistence("events-test");

    @Test
    public void refusalsNameTheirFieldAndNoAnswerShowsTheSecretAgain() {
        EventsService events = TestEvents.open(db.dataSource(), new MutableClock(Instant.parse("2026-12-01T09:00:00Z")));
        EventSubscriptionsResource resource = new EventSubscriptionsResource(events);
        Access access = EventSubscriptionsResource.class.getAnnotation(Access.class);
        assertEquals("administrators only", 0, access.roles().length);
        assertEquals("no partner key", "", access.scope());

        ApiException refused = assertThrows(ApiException.class, () -> resource.create(
                new EventSubscriptionsResource.NewSubscription("meta", "https://169.254.169.254/", List.of("contact.created")),
                admin()));
        assertEquals(400, refused.status());
        assertEquals("url", refused.fields().get(0).field());
        assertEquals("types", assertThrows(ApiException.class, () -> resource.create(
                new EventSubscriptionsResource.NewSubscription("t", "http://127.0.0.1:9/", List.of("x.y")), admin()))
                .fields().get(0).field());

        // The 201 with the secret is EventsIT's (a Response needs a JAX-RS runtime, which the container has).
        EventsService.Created created = events.subscribe("erp", "http://127.0.0.1:9/hook", List.of("contact.created"),
                "admin");
        String secret = created.secret();
        Subscription s = created.subscription();
        assertFalse("never shown again", resource.get(Long.toString(s.id())).toString().contains(secret));
        assertFalse(resource.list().toString().contains(secret));

        assertEquals("from", assertThrows(ApiException.class, () -> resource.replay(Long.toString(s.id()),
                new EventSubscriptionsResource.Replay("yesterday", null), admin())).fields().get(0).field());
        assertEquals("until", assertThrows(ApiException.class, () -> resource.replay(Long.toString(s.id()),
                new EventSubscriptionsResource.Replay("2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"), admin()))
                .fields().get(0).field());
        assertEquals(0, resource.replay(Long.toString(s.id()), new EventSubscriptionsResource.Replay("2026-01-01T00:00:00Z",
                null), admin()).get("replayed"));
        assertEquals(409, assertThrows(ApiException.class, () -> resource.resume(Long.toString(s.id()), admin())).status());
        assertEquals("state", assertThrows(ApiException.class, () -> resource.deliveries(Long.toString(s.id()), "lost",
                "5")).fields().get(0).field());
        assertEquals(404, assertThrows(ApiException.class, () -> resource.get("999999")).status());
        assertEquals("id", assertThrows(ApiException.class, () -> resource.get("one")).fields().get(0).field());
    }

    private static SecurityContext admin() {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return () -> "admin";
            }

            @Override
            public boolean isUserInRole(String role) {
                return "admin".equals(role);
            }

            @Override
            public boolean isSecure() {
                return false;
            }

            @Override
            public String getAuthenticationScheme() {
                return "BASIC";
            }
        };
    }
}
