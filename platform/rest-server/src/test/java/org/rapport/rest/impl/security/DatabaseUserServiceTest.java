package org.rapport.rest.impl.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rapport.rest.ApiException;
import org.rapport.rest.Roles;
import org.rapport.testing.TestPersistence;
import org.springframework.security.crypto.bcrypt.BCrypt;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** People in the database (Derby, or PostgreSQL with -Drapport.test.database), as two nodes share them. */
@Category(UsesDatabase.class)
public class DatabaseUserServiceTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-rest");
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private DatabaseUserService users;

    @Before
    public void setUp() throws IOException {
        users = new DatabaseUserService(db.emf(), new RealmLogin(), temp.getRoot().toPath().resolve("absent.properties"));
    }

    @Test
    public void rolesAreGrantedWithTheKarafRolesTheyNeedAndChangedInPlace() {
        users.create("ada", "a-long-password-1", Set.of(Roles.ANALYST));

        assertEquals(Set.of(Roles.ANALYST), users.find("ada").orElseThrow().roles());
        assertEquals(Set.of(Roles.ANALYST, "ssh"), users.authenticate("ada", "a-long-password-1").orElseThrow());
        assertEquals(Set.of(Roles.AGENT), users.setRoles("ada", Set.of(Roles.AGENT)).roles());
        assertEquals(Set.of(Roles.AGENT, "ssh"), users.authenticate("ada", "a-long-password-1").orElseThrow());
        users.delete("ada");
        assertTrue(users.find("ada").isEmpty());
        assertTrue(users.authenticate("ada", "a-long-password-1").isEmpty());
    }

    @Test
    public void passwordsAreKeptAsBcryptHashesAndCheckedAgainstThem() {
        users.create("bob", "bobs-first-password", Set.of(Roles.AGENT));
        assertTrue(users.authenticate("bob", "bobs-first-password").isPresent());
        assertFalse(users.authenticate("bob", "bobs-wrong-password").isPresent());
        assertFalse(users.authenticate("nobody", "bobs-first-password").isPresent());

        users.setPassword("bob", "bobs-second-password");

        assertFalse(users.authenticate("bob", "bobs-first-password").isPresent());
        assertTrue(users.authenticate("bob", "bobs-second-password").isPresent());
        String stored = org.rapport.persistence.Transactions.read(db.emf(), em -> em.find(UserEntity.class, "bob").password());
        assertTrue(stored, stored.startsWith("$2a$"));
    }

    @Test
    public void anotherNodeOnTheSameDatabaseKnowsThePeopleAndRefusesADuplicate() {
        DatabaseUserService otherNode = new DatabaseUserService(db.emf(), new RealmLogin(),
                temp.getRoot().toPath().resolve("absent.properties"));
        users.create("cy", "cys-long-password", Set.of(Roles.ADMIN));

        assertEquals(Set.of(Roles.ADMIN), otherNode.find("cy").orElseThrow().roles());
        assertTrue(otherNode.authenticate("cy", "cys-long-password").orElseThrow().contains("manager"));
        try {
            otherNode.create("cy", "another-long-password", Set.of(Roles.AGENT));
            fail("the name is taken");
        } catch (ApiException expected) {
            assertEquals(409, expected.status());
        }
    }

    @Test
    public void theLastAdministratorStays() {
        users.create("root", "roots-long-password", Set.of(Roles.ADMIN));
        for (Runnable attempt : List.<Runnable>of(() -> users.delete("root"),
                () -> users.setRoles("root", Set.of(Roles.AGENT)))) {
            try {
                attempt.run();
                fail("the last administrator");
            } catch (ApiException expected) {
                assertEquals(409, expected.status());
            }
        }
        users.create("deputy", "deputys-long-password", Set.of(Roles.ADMIN));
        users.delete("root");
        assertEquals(List.of("deputy"), users.list().stream().map(org.rapport.rest.security.User::name).toList());
    }

    @Test
    public void badNamesPasswordsAndRolesAreRefusedByField() {
        try {
            users.create("no spaces", "short", Set.of("superuser"));
            fail("refused");
        } catch (ApiException expected) {
            assertEquals(400, expected.status());
            assertEquals(Set.of("name", "password", "roles"), new TreeSet<>(expected.fields().stream()
                    .map(org.rapport.rest.FieldError::field).toList()));
        }
        try {
            users.create("long", "x".repeat(73), Set.of(Roles.AGENT));
            fail("bcrypt reads 72 bytes");
        } catch (ApiException expected) {
            assertEquals("must be at most 72 bytes in UTF-8", expected.fields().get(0).message());
        }
    }

    @Test
    public void thePeopleOfKarafsUsersFileAreCopiedIntoAnEmptyTable() throws IOException {
        Path file = temp.newFile("users.properties").toPath();
        Files.writeString(file, "# Karaf's users\n"
                + "admin = {CRYPT}" + BCrypt.hashpw("admins-long-password", BCrypt.gensalt()) + "{CRYPT},admin,manager,viewer,ssh\n"
                + "dora = doras-clear-password,agent,ssh\n"
                + "karaf = karaf,_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager\n");
        DatabaseUserService started = new DatabaseUserService(db.emf(), new RealmLogin(), file);

        assertEquals(List.of("admin", "dora"), started.list().stream().map(org.rapport.rest.security.User::name).toList());
        assertTrue(started.authenticate("admin", "admins-long-password").orElseThrow().contains("manager"));
        assertTrue(started.authenticate("dora", "doras-clear-password").isPresent());
        // Copied once: people removed later do not come back at the next start.
        started.delete("dora");
        assertEquals(1, new DatabaseUserService(db.emf(), new RealmLogin(), file).list().size());
    }

    @Test
    public void theLoginModuleGivesThePersonAndTheirRoles() throws LoginException {
        users.create("eve", "eves-long-password", Set.of(Roles.ANALYST));
        DatabaseUserService.useForLogin(users);
        try {
            Subject subject = new Subject();
            DatabaseLoginModule module = module(subject, "eve", "eves-long-password");
            assertTrue(module.login());
            module.commit();
            assertEquals(Set.of("eve"), names(subject.getPrincipals(UserPrincipal.class)));
            assertEquals(Set.of(Roles.ANALYST, "ssh"), names(subject.getPrincipals(RolePrincipal.class)));

            try {
                module(new Subject(), "eve", "not-her-password").login();
                fail("a wrong password");
            } catch (FailedLoginException expected) {
                assertEquals("wrong name or password", expected.getMessage());
            }
        } finally {
            DatabaseUserService.useForLogin(null);
        }
    }

    private static DatabaseLoginModule module(Subject subject, String name, String password) {
        DatabaseLoginModule module = new DatabaseLoginModule();
        module.initialize(subject, callbacks -> {
            ((NameCallback) callbacks[0]).setName(name);
            ((PasswordCallback) callbacks[1]).setPassword(password.toCharArray());
        }, Map.of(), Map.of());
        return module;
    }

    private static Set<String> names(Set<? extends java.security.Principal> principals) {
        Set<String> names = new TreeSet<>();
        principals.forEach(p -> names.add(p.getName()));
        return names;
    }
}
