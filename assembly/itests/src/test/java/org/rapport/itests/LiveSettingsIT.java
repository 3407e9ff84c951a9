package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.rapport.rest.Roles;

/**
 * An administrator edits a capability's settings while the server runs (through ConfigurationAdmin,
 * as an edit of its etc file does): every capability's REST paths keep answering 200 meanwhile, polled
 * from a thread, no REST resource leaves the JAX-RS whiteboard (the same services, by id, before and
 * after), and the new value reaches the component (its service properties; for privacy, a purpose
 * added is accepted over REST at once). A bad value is refused with a log line naming the key, and
 * the previous settings go on. Each capability's settings are put back as they were at the end.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class LiveSettingsIT extends HttpTestSupport {

    /** A settings file, a key in it with two values to move between, and a path of that capability. */
    private record Edit(String pid, String key, String one, String other, String path) {
    }

    private static final List<Edit> EDITS = List.of(
            new Edit("org.rapport.campaigns", "conversionDays", "9", "10", "/campaigns?limit=1"),
            new Edit("org.rapport.service", "maxTextLength", "9000", "9500", "/cases?limit=1"),
            new Edit("org.rapport.sales", "defaultCloseDays", "31", "32", "/leads?limit=1"),
            new Edit("org.rapport.communication", "batchSize", "40", "45", "/channels"),
            new Edit("org.rapport.events", "maxReplayEvents", "9000", "9500", "/event-subscriptions"),
            new Edit("org.rapport.retention", "profilingPurpose", "analytics", "profiling", "/retention/tasks"),
            new Edit("org.rapport.contacts.listeners", "listenerBudgetMillis", "4000", "4500", "/contacts?limit=1"),
            new Edit("org.rapport.loyalty", "birthDateProperty", "dateOfBirth", "birthDate", "/loyalty/rewards"),
            new Edit("org.rapport.privacy", "participantBudgetSeconds", "31", "32", "/privacy/holds"));
    private static final int ROUNDS = 3;

    @Inject
    ConfigurationAdmin configurations;
    @Inject
    BundleContext context;

    @Test
    public void everyPathAnswersWhileEachCapabilitysSettingsChangeAndTheNewValuesApply() throws Exception {
        String admin = basic(Roles.ADMIN);
        for (Edit edit : EDITS) {
            assertEquals(edit.path(), 200, call("GET", edit.path(), admin, null).status());
        }
        Set<Long> resources = resources();
        List<String> misses = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                for (Edit edit : EDITS) {
                    try {
                        int status = call("GET", edit.path(), admin, null).status();
                        if (status != 200) {
                            misses.add(edit.path() + " " + status);
                        }
                    } catch (AssertionError | RuntimeException unanswered) {
                        misses.add(edit.path() + " " + unanswered);
                    }
                    calls.incrementAndGet();
                }
            }
        }, "live-settings-poller");
        poller.start();
        try {
            for (Edit edit : EDITS) {
                Dictionary<String, Object> before = settings(edit.pid());
                try {
                    for (int round = 0; round < ROUNDS; round++) {
                        String value = round % 2 == 0 ? edit.one() : edit.other();
                        update(edit.pid(), before, Map.of(edit.key(), value));
                        await(edit.pid() + " " + edit.key() + " = " + value + " taken up", () -> applied(edit.pid(),
                                edit.key(), value));
                    }
                } finally {
                    restore(edit.pid(), before);
                }
            }
        } finally {
            polling.set(false);
            poller.join(30_000);
        }
        assertTrue("polled " + calls.get() + " times", calls.get() >= EDITS.size() * 5);
        assertEquals("every capability's paths answered while settings changed", List.of(), misses);
        assertEquals("no REST resource left the whiteboard", resources, resources());
    }

    @Test
    public void aPurposeAddedIsAcceptedAtOnceAndABadValueIsRefusedNamingItsKey() throws Exception {
        String admin = basic(Roles.ADMIN);
        String pid = "org.rapport.privacy";
        String purpose = "live" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        long contact = call("POST", "/contacts", admin, "{\"email\":\"" + purpose + "@example.com\",\"firstName\":\"Lia\","
                + "\"lastName\":\"Live\"}").json().get("id").asLong();
        String consent = "{\"purpose\": \"" + purpose + "\", \"channel\": \"email\", \"state\": \"granted\", "
                + "\"source\": \"settings test\"}";
        assertEquals("not a purpose yet", 400, call("POST", "/contacts/" + contact + "/consents", admin, consent).status());
        Dictionary<String, Object> before = settings(pid);
        Set<Long> resources = resources();
        try {
            String purposes = String.valueOf(before.get("purposes")) + ", " + purpose;
            update(pid, before, Map.of("purposes", purposes));
            await("the new purpose accepted", () -> call("POST", "/contacts/" + contact + "/consents", admin, consent)
                    .status() == 201);

            long refusals = logLines("bases in " + pid);
            update(pid, before, Map.of("purposes", purposes, "bases", "no-such-purpose:consent"));
            await("the bad value refused, naming its key", () -> logLines("bases in " + pid) > refusals);
            assertTrue("the log says the previous settings go on", logLines("the previous ones still apply") > 0);
            assertEquals("the previous settings go on", 201, call("POST", "/contacts/" + contact + "/consents", admin,
                    consent).status());
        } finally {
            restore(pid, before);
        }
        await("the purpose gone with the settings put back", () -> call("POST", "/contacts/" + contact + "/consents",
                admin, consent).status() == 400);
        assertEquals("no REST resource left the whiteboard", resources, resources());
    }

    /** The service ids of every JAX-RS resource registered. */
    private Set<Long> resources() throws InvalidSyntaxException {
        Set<Long> ids = new TreeSet<>();
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.jaxrs.resource=true)");
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            ids.add((Long) ref.getProperty("service.id"));
        }
        assertTrue("resources registered: " + ids, ids.size() > 10);
        return ids;
    }

    /** Whether a component of {@code pid} publishes {@code key = value} (DS hands it the new settings). */
    private boolean applied(String pid, String key, String value) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(&(service.pid=" + pid + ")(" + key
                    + "=" + value + "))");
            return refs != null && refs.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private Dictionary<String, Object> settings(String pid) throws IOException {
        Dictionary<String, Object> properties = configurations.getConfiguration(pid, null).getProperties();
        assertNotNull("etc/" + pid + ".cfg is read", properties);
        return properties;
    }

    private void update(String pid, Dictionary<String, Object> base, Map<String, String> changes) throws IOException {
        Dictionary<String, Object> next = new Hashtable<>();
        for (Enumeration<String> keys = base.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            next.put(key, base.get(key));
        }
        changes.forEach(next::put);
        Configuration config = configurations.getConfiguration(pid, null);
        config.update(next);
    }

    private void restore(String pid, Dictionary<String, Object> before) throws IOException {
        update(pid, before, Map.of());
    }

    /** How many lines of the node's log contain {@code text}. */
    private static long logLines(String text) {
        Path log = Path.of(System.getProperty("karaf.data", "data"), "log", "karaf.log");
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }
}
