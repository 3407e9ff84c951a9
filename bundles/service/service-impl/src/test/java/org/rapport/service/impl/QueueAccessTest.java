package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.NewContact;
import org.rapport.privacy.spi.ExportRequester;
import org.rapport.rest.Roles;
import org.rapport.rest.security.User;
import org.rapport.rest.security.UserService;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.QueueFigures;
import org.rapport.service.api.ServiceCase;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Permissions per queue: billing only for Carol and analysts, technical only for Dave. A case in a
 * queue the viewer may not see is not found exactly as a case that does not exist; lists, counts
 * and figures leave the queue out; nobody opens a case into it or gives one of its cases to an agent
 * who may not work it; bad settings are refused naming {@code queueAccess}.
 */
@Category(UsesDatabase.class)
public class QueueAccessTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty");

    /** The users the desk knows, with their roles. */
    private record Directory(Map<String, Set<String>> roles) implements UserService {
        @Override
        public List<User> list() {
            return roles.entrySet().stream().map(e -> new User(e.getKey(), e.getValue())).toList();
        }

        @Override
        public Optional<User> find(String name) {
            return Optional.ofNullable(roles.get(name)).map(r -> new User(name, r));
        }

        @Override
        public User create(String name, String password, Set<String> r) {
            throw new IllegalStateException("a fixed directory");
        }

        @Override
        public void setPassword(String name, String password) {
            throw new IllegalStateException("a fixed directory");
        }

        @Override
        public User setRoles(String name, Set<String> r) {
            throw new IllegalStateException("a fixed directory");
        }

        @Override
        public void delete(String name) {
            throw new IllegalStateException("a fixed directory");
        }
    }

    private static Viewer agent(String name) {
        return new Viewer(name, Set.of(Roles.AGENT));
    }

    @Test
    public void aQueueNamedInTheSettingIsSeenAndWorkedOnlyByThoseItNames() {
        ServiceFixture f = new ServiceFixture(db, ServiceFixture.berlin("billing=carol role:analyst, technical = dave"));
        f.cases.bind(new Directory(Map.of("carol", Set.of(Roles.AGENT), "dave", Set.of(Roles.AGENT), "erin",
                Set.of(Roles.AGENT), "root", Set.of(Roles.ADMIN))), f.loyalty, null);
        QueueGuard guard = new QueueGuard(f.cases);
        long ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        ServiceCase support = f.cases.open(new NewCase("Hello", ada, "email", null, null, null, "Hi"), "a");
        ServiceCase billing = f.cases.open(new NewCase("Invoice", ada, "email", null, "billing", "carol", "Wrong"), "a");
        ServiceCase technical = f.cases.open(new NewCase("Router", ada, "email", null, "technical", null, "Down"), "a");

        // The timeline, which everyone who may read Ada reads, names the kept cases without their subject or text.
        List<String> timeline = f.interactions.timeline(ada, Set.of(), 0, 20).stream().map(i -> i.summary()).toList();
        assertTrue(timeline.toString(), timeline.contains("Case " + support.id() + ": Hello"));
        assertTrue(timeline.toString(), timeline.contains("Case " + billing.id() + " (kept by service)"));
        assertTrue(timeline.toString(), timeline.contains("Case " + technical.id() + " (kept by service)"));
        assertTrue(timeline.toString(), timeline.stream().noneMatch(t -> t.contains("Invoice") || t.contains("Router")
                || t.contains("Wrong") || t.contains("Down") || t.contains("billing") || t.contains("technical")));

        Viewer erin = agent("erin");
        assertEquals(List.of(support.id()), guard.list(CaseQuery.all(), erin, 0, 10).stream().map(ServiceCase::id).toList());
        assertEquals(1, guard.count(CaseQuery.all(), erin));
        assertEquals("filtering by a hidden queue finds nothing", 0, guard.count(new CaseQuery(null, "billing", null,
                null), erin));
        String hidden = assertThrows(CaseValidationException.class, () -> guard.visible(billing.id(), erin)).getMessage();
        CaseValidationException missing = assertThrows(CaseValidationException.class, () -> guard.visible(99, erin));
        assertEquals("as if it did not exist", missing.getMessage().replace("99", Long.toString(billing.id())), hidden);
        assertTrue(missing.notFound());
        f.clock.advance(Duration.ofMinutes(1));
        assertEquals(List.of("support"), guard.figures(f.clock.instant().minus(Duration.ofDays(1)), f.clock.instant(),
                erin).stream().map(QueueFigures::queue).toList());
        assertEquals(List.of("support"), guard.queues(erin));
        assertEquals("queue: 'technical' is not a queue; one of support", assertThrows(CaseValidationException.class,
                () -> guard.open(new NewCase("Mine", ada, "email", null, "technical", null, "x"), erin, "erin"))
                .getMessage());

        assertEquals(List.of(billing.id(), support.id()), guard.list(CaseQuery.all(), agent("carol"), 0, 10).stream()
                .map(ServiceCase::id).toList());
        assertEquals("by role", billing.id(), guard.visible(billing.id(), new Viewer("ana", Set.of(Roles.ANALYST))).id());
        assertEquals(3, guard.count(CaseQuery.all(), new Viewer("root", Set.of(Roles.ADMIN))));
        assertEquals("a partner's key sees no named queue it is not named in", 1, guard.count(CaseQuery.all(),
                new Viewer("key:shop", Set.of(Roles.PARTNER))));
        assertEquals(technical.queue(), guard.open(new NewCase("Again", ada, "email", null, "technical", null, "x"),
                agent("dave"), "dave").queue());

        assertEquals("assignee: 'dave' may not work the queue billing (queueAccess)", assertThrows(
                CaseValidationException.class, () -> f.cases.assign(billing.id(), "dave", "carol")).getMessage());
        assertEquals("carol", f.cases.find(billing.id()).orElseThrow().assignee());
        assertEquals("root", f.cases.assign(billing.id(), "root", "carol").assignee());
        assertEquals("assignee: 'erin' may not work the queue technical (queueAccess)", assertThrows(
                CaseValidationException.class, () -> f.cases.open(new NewCase("X", ada, "email", null, "technical",
                        "erin", "x"), "a")).getMessage());

        for (String[] bad : List.of(
                new String[] {"vip=carol", "etc/org.rapport.service.cfg: queueAccess: 'vip=carol' names no queue of "
                    + "support, billing, technical before '='"},
                new String[] {"billing", "etc/org.rapport.service.cfg: queueAccess: 'billing' names nobody after '=' "
                    + "(users, role:agent ...)"},
                new String[] {"billing=role:boss", "etc/org.rapport.service.cfg: queueAccess: 'billing=role:boss' names "
                    + "'role:boss', neither a user's name nor role:admin|agent|analyst|partner"},
                new String[] {"billing=carol, billing=dave", "etc/org.rapport.service.cfg: queueAccess: 'billing=dave' "
                    + "names queue billing a second time"})) {
            assertEquals(bad[1], assertThrows(IllegalArgumentException.class, () -> QueueAccess.of(new String[] {bad[0]},
                    List.of("support", "billing", "technical"))).getMessage());
        }
    }
    @Test
    public void entriesAlreadyOnTheTimelineOfARestrictedQueuesCaseLoseTheirWordsWhenTheDeskStarts() {
        ServiceFixture before = new ServiceFixture(db, ServiceFixture.berlin());
        long ada = before.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        ServiceCase support = before.cases.open(new NewCase("Hello", ada, "email", null, null, null, "Hi"), "a");
        ServiceCase billing = before.cases.open(new NewCase("Invoice 77", ada, "email", null, "billing", null,
                "My IBAN is DE89"), "a");
        long message = before.cases.message(billing.id(), "Still wrong", "a").id();
        long reply = before.cases.reply(billing.id(), "Refund on its way", "carol").id();
        long older = before.cases.open(new NewCase("Dunning", ada, "email", null, "billing", null, "Why?"), "a").id();
        // As an earlier release recorded a restricted queue's case: named with its queue.
        before.interactions.resummarize(List.of("service-entry:" + before.cases.thread(older).get(0).id()),
                "Case " + older + " (queue billing: kept in the case)");
        assertEquals("Message on case " + billing.id() + ": Still wrong", summaries(before, ada).get("service-entry:"
                + message));

        ServiceFixture after = new ServiceFixture(db, ServiceFixture.berlin("billing=carol"));
        Map<String, String> timeline = summaries(after, ada);
        assertEquals("Case " + billing.id() + " (kept by service)", timeline.get("service-entry:"
                + before.cases.thread(billing.id()).get(0).id()));
        assertEquals("Message on case " + billing.id() + " (kept by service)", timeline.get("service-entry:" + message));
        assertEquals("Reply on case " + billing.id() + " (kept by service)", timeline.get("service-entry:" + reply));
        assertEquals("Case " + older + " (kept by service)", timeline.get("service-entry:"
                + before.cases.thread(older).get(0).id()));
        assertEquals("a queue kept to nobody keeps its words", "Case " + support.id() + ": Hello",
                timeline.get("service-entry:" + before.cases.thread(support.id()).get(0).id()));
        assertTrue(timeline.toString(), timeline.values().stream().noneMatch(t -> t.contains("billing")
                || t.contains("IBAN") || t.contains("Invoice") || t.contains("wrong") || t.contains("Refund")));
    }

    /** Ada's timeline: each entry's summary by its event id. */
    private static Map<String, String> summaries(ServiceFixture f, long contactId) {
        Map<String, String> summaries = new HashMap<>();
        f.interactions.timeline(contactId, Set.of(), 0, 50).forEach(i -> summaries.put(i.eventId(), i.summary()));
        return summaries;
    }

    @Test
    @SuppressWarnings("unchecked")
    public void theExportKeepsToTheCallerTheQueuesAndNotesTheRestPathsKeepAndIsCompleteForAnAdministrator() {
        ServiceFixture f = new ServiceFixture(db, ServiceFixture.berlin("billing=carol"));
        long ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        ServiceCase support = f.cases.open(new NewCase("Hello", ada, "email", null, null, null, "Hi"), "a");
        f.cases.note(support.id(), "She sounded upset", "a");
        ServiceCase billing = f.cases.open(new NewCase("Invoice 77", ada, "email", null, "billing", null,
                "My IBAN is DE89"), "carol");
        f.cases.note(billing.id(), "Refund approved", "carol");
        ServiceErasure erasure = new ServiceErasure(db.emf("rapport-service"), f.ledger, f.cases);

        List<Map<String, Object>> erins = (List<Map<String, Object>>) erasure.export(ada,
                new ExportRequester("erin", Set.of(Roles.AGENT))).get("cases");
        assertEquals(List.of(support.id(), billing.id()), erins.stream().map(c -> c.get("id")).toList());
        assertEquals(List.of("message", "note"), kinds(erins.get(0)));
        assertEquals("a kept queue's case is named without its content or queue", Map.of("id", billing.id(),
                "kept", "kept by service"), erins.get(1));

        List<Map<String, Object>> carols = (List<Map<String, Object>>) erasure.export(ada,
                new ExportRequester("carol", Set.of(Roles.AGENT))).get("cases");
        assertEquals("Invoice 77", carols.get(1).get("subject"));
        assertEquals(List.of("message", "note"), kinds(carols.get(1)));

        List<Map<String, Object>> keys = (List<Map<String, Object>>) erasure.export(ada,
                new ExportRequester("key:shop", Set.of(Roles.PARTNER))).get("cases");
        assertEquals("a partner's key reads no internal note, as on GET /cases/{id}", List.of("message"),
                kinds(keys.get(0)));
        assertEquals(Map.of("id", billing.id(), "kept", "kept by service"), keys.get(1));
        assertTrue(keys.toString(), !keys.toString().contains("upset") && !keys.toString().contains("IBAN")
                && !keys.toString().contains("Refund"));

        Map<String, Object> complete = erasure.export(ada, ExportRequester.administrator("root"));
        assertEquals("the data subject's export, by an administrator, holds everything", erasure.export(ada), complete);
        List<Map<String, Object>> all = (List<Map<String, Object>>) complete.get("cases");
        assertEquals("Invoice 77", all.get(1).get("subject"));
        assertEquals(List.of("message", "note"), kinds(all.get(0)));
        assertEquals(List.of("message", "note"), kinds(all.get(1)));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> kinds(Map<String, Object> exportedCase) {
        return ((List<Map<String, Object>>) exportedCase.get("thread")).stream().map(e -> e.get("kind")).toList();
    }
}
