package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewContact;
import org.rapport.service.api.NewCase;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * The timeline's entries of a restricted queue's cases are given the kept words once: a start after
 * the first reads and rewrites none of them, a queue newly restricted (or restricted again) is
 * rewritten, and a case moved into a restricted queue loses its words as it moves.
 */
@Category(UsesDatabase.class)
public class KeptTimelineTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty");

    /** The event ids handed to {@code resummarize}, through the real timeline. */
    private final List<String> rewritten = new ArrayList<>();

    @Test
    public void aRestrictedQueueIsRewrittenOnceAndANewlyRestrictedOneThen() {
        ServiceFixture f = new ServiceFixture(db, ServiceFixture.berlin());
        long ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        long billing = f.cases.open(new NewCase("Invoice 77", ada, "email", null, "billing", null, "My IBAN"), "a").id();
        f.cases.message(billing, "Still wrong", "a");
        f.cases.reply(billing, "Refund on its way", "carol");
        long technical = f.cases.open(new NewCase("Router", ada, "email", null, "technical", null, "It blinks"), "a")
                .id();
        f.cases.reply(technical, "Unplug it", "dave");

        CaseServiceImpl first = start(f, "billing=carol");
        assertEquals("the first start rewrites billing's three entries", 3, rewritten.size());
        assertEquals("Message on case " + billing + " (kept by service)", summaries(f, ada).get(eventId(f, billing, 1)));

        rewritten.clear();
        start(f, "billing=carol");
        assertEquals("a second start rewrites nothing", List.of(), rewritten);
        assertEquals("and reads none of the desk's entries", 0, new CaseTimeline(counting(f), q -> true)
                .keepStored(db.emf("rapport-service"), Set.of("billing"), f.clock.instant()));

        first.modified(ServiceFixture.config(ServiceFixture.berlin("billing=carol", "technical=dave")));
        assertEquals("a newly restricted queue's entries only", List.of(eventId(f, technical, 0), eventId(f, technical, 1)),
                rewritten.stream().sorted().toList());
        assertEquals("Reply on case " + technical + " (kept by service)", summaries(f, ada).get(eventId(f, technical, 1)));

        rewritten.clear();
        first.modified(ServiceFixture.config(ServiceFixture.berlin("technical=dave")));
        assertEquals("a queue no longer restricted rewrites nothing", List.of(), rewritten);
        f.cases.message(billing, "Any news?", "a");
        first.modified(ServiceFixture.config(ServiceFixture.berlin("billing=carol", "technical=dave")));
        assertEquals("restricted again, billing's entries are rewritten, those recorded meanwhile with them", 4,
                rewritten.size());
        assertEquals("Message on case " + billing + " (kept by service)", summaries(f, ada).get(eventId(f, billing, 3)));
    }

    @Test
    public void aCaseMovedIntoARestrictedQueueLosesItsWordsOnTheTimeline() {
        ServiceFixture f = new ServiceFixture(db, ServiceFixture.berlin("billing=carol"));
        long ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        long c = f.cases.open(new NewCase("Invoice 77", ada, "email", null, "support", null, "My IBAN"), "a").id();
        f.cases.reply(c, "Let me check", "a");
        assertEquals("Case " + c + ": Invoice 77", summaries(f, ada).get(eventId(f, c, 0)));

        f.cases.move(c, "billing", "a");
        Map<String, String> timeline = summaries(f, ada);
        assertEquals("Case " + c + " (kept by service)", timeline.get(eventId(f, c, 0)));
        assertEquals("Reply on case " + c + " (kept by service)", timeline.get(eventId(f, c, 1)));
    }

    /** The desk started again on the same database with {@code queueAccess}, its timeline counted. */
    private CaseServiceImpl start(ServiceFixture f, String... access) {
        return new CaseServiceImpl(db.emf("rapport-service"), f.contacts, counting(f), f.engine, f.ledger,
                ServiceFixture.config(ServiceFixture.berlin(access)), f.clock);
    }

    /** The fixture's real timeline, noting the event ids given new words. */
    @SuppressWarnings("unchecked")
    private InteractionService counting(ServiceFixture f) {
        return (InteractionService) Proxy.newProxyInstance(InteractionService.class.getClassLoader(),
                new Class<?>[] {InteractionService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("resummarize")) {
                        rewritten.addAll((Collection<String>) args[0]);
                    }
                    try {
                        return method.invoke(f.interactions, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The timeline's event id of the case's {@code index}th message or reply. */
    private static String eventId(ServiceFixture f, long caseId, int index) {
        return "service-entry:" + f.cases.thread(caseId).stream()
                .filter(e -> e.kind().name().equals("MESSAGE") || e.kind().name().equals("REPLY")).toList().get(index).id();
    }

    private static Map<String, String> summaries(ServiceFixture f, long contactId) {
        Map<String, String> summaries = new HashMap<>();
        f.interactions.timeline(contactId, Set.of(), 0, 50).forEach(i -> summaries.put(i.eventId(), i.summary()));
        return summaries;
    }
}
