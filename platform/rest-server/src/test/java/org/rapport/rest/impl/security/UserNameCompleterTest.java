package org.rapport.rest.impl.security;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.Completer;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;
import org.rapport.rest.shell.UserCompleters;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** The user name completer of the REST API on the people in the database. */
@Category(UsesDatabase.class)
public class UserNameCompleterTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-rest");
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private DatabaseUserService users;
    private Completer completer;

    @Before
    public void setUp() {
        users = new DatabaseUserService(db.emf(), new RealmLogin(), temp.getRoot().toPath().resolve("absent.properties"));
        completer = UserCompleters.on(users);
    }

    private List<Candidate> complete(String role, String typed) {
        return ShellSessions.complete(completer, role, "admin:users", "roles", typed);
    }

    @Test
    public void anAdministratorIsOfferedTheUsersStartingWithWhatIsTyped() {
        users.create("ada", "a-long-password-1", Set.of(Roles.ANALYST, Roles.AGENT));
        users.create("grace", "a-long-password-2", Set.of(Roles.ADMIN));

        List<Candidate> found = complete(Roles.ADMIN, "a");

        assertEquals(List.of("ada"), found.stream().map(Candidate::value).toList());
        assertEquals("agent, analyst", found.get(0).descr());
        assertEquals(2, complete(Roles.ADMIN, "").size());
    }

    @Test
    public void otherRolesAreOfferedNoUsers() {
        users.create("ada", "a-long-password-1", Set.of(Roles.AGENT));

        assertEquals(List.of(), complete(Roles.AGENT, ""));
        assertEquals(List.of(), complete(Roles.ANALYST, "a"));
    }

    @Test
    public void atMostTheLimitIsOffered() {
        for (int i = 0; i <= BoundedCompleter.LIMIT; i++) {
            users.create("user" + i, "a-long-password-" + i, Set.of(Roles.AGENT));
        }

        assertEquals(BoundedCompleter.LIMIT, complete(Roles.ADMIN, "user").size());
    }
}
