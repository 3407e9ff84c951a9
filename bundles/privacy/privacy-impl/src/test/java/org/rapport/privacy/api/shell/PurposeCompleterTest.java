package org.rapport.privacy.api.shell;

import static org.junit.Assert.assertEquals;

import java.time.Clock;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.rest.Roles;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** The completer lives in the API; it is tried here, beside the service it reads. */
@Category(UsesDatabase.class)
public class PurposeCompleterTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-privacy", "rapport-contacts");

    @Test
    public void purposesCompleteAsConfiguredForThoseWhoRecordOrCheckConsent() {
        PurposeCompleter completer = new PurposeCompleter();
        completer.consents = new ConsentServiceImpl(db.emf("rapport-privacy"), new ContactServiceImpl(db.emf("rapport-contacts")),
                Clock.systemUTC(), List.of("marketing", "profiling", "service"));

        assertEquals(List.of("marketing", "profiling", "service"),
                ShellSessions.values(completer, Roles.AGENT, "privacy:consent", "1", "").stream().sorted().toList());
        assertEquals(List.of("profiling"), ShellSessions.values(completer, Roles.ANALYST, "privacy:check", "1", "pro"));
        assertEquals(List.of(), ShellSessions.values(completer, Roles.PARTNER, "privacy:check", "1", ""));
    }
}
