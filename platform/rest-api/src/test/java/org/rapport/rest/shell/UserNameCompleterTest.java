package org.rapport.rest.shell;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.karaf.shell.api.console.Candidate;
import org.junit.Test;
import org.rapport.rest.Roles;
import org.rapport.rest.security.User;
import org.rapport.rest.security.UserService;
import org.rapport.testing.ShellSessions;

public class UserNameCompleterTest {

    private final UserNameCompleter completer = new UserNameCompleter();

    /** The realm's users, as the JAAS backing engine lists them. */
    private static UserService realm(List<User> people) {
        return new UserService() {
            @Override
            public List<User> list() {
                return people;
            }

            @Override
            public Optional<User> find(String name) {
                return people.stream().filter(u -> u.name().equals(name)).findFirst();
            }

            @Override
            public User create(String name, String password, Set<String> roles) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void setPassword(String name, String password) {
                throw new UnsupportedOperationException();
            }

            @Override
            public User setRoles(String name, Set<String> roles) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void delete(String name) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private List<Candidate> complete(String role, String typed) {
        return ShellSessions.complete(completer, role, "admin:users", "roles", typed);
    }

    @Test
    public void anAdministratorIsOfferedTheUsersStartingWithWhatIsTyped() {
        completer.users = realm(List.of(new User("ada", Set.of(Roles.ANALYST, Roles.AGENT)), new User("grace", Set.of(Roles.ADMIN))));

        List<Candidate> found = complete(Roles.ADMIN, "a");

        assertEquals(List.of("ada"), found.stream().map(Candidate::value).toList());
        assertEquals("agent, analyst", found.get(0).descr());
        assertEquals(2, complete(Roles.ADMIN, "").size());
    }

    @Test
    public void otherRolesAreOfferedNoUsers() {
        completer.users = realm(List.of(new User("ada", Set.of(Roles.AGENT))));

        assertEquals(List.of(), complete(Roles.AGENT, ""));
        assertEquals(List.of(), complete(Roles.ANALYST, "a"));
    }

    @Test
    public void atMostTheLimitIsOffered() {
        completer.users = realm(IntStream.range(0, 50).mapToObj(i -> new User("user" + i, Set.of(Roles.AGENT))).toList());

        assertEquals(BoundedCompleter.LIMIT, complete(Roles.ADMIN, "user").size());
    }
}
