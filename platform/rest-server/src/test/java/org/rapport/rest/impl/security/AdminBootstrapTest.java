package org.rapport.rest.impl.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rapport.rest.Roles;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** The first administrator's password: in a file only the server's user reads, until it is changed. */
@Category(UsesDatabase.class)
public class AdminBootstrapTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-rest");
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private InitialPasswordFile file;
    private DatabaseUserService users;

    @Before
    public void setUp() throws IOException {
        file = new InitialPasswordFile(temp.newFolder("data").toPath());
        users = new DatabaseUserService(db.emf(), new RealmLogin(), temp.getRoot().toPath().resolve("absent.properties"), file);
    }

    private void start(Map<String, String> environment) {
        new AdminBootstrap(users, environment::get, new SecureRandom(), file);
    }

    @Test
    public void aGeneratedPasswordIsKeptInAFileOnlyTheOwnerReadsUntilItIsChanged() throws IOException {
        start(Map.of());

        String password = file.read().orElseThrow();
        assertEquals(Set.of(Roles.ADMIN), users.find("admin").orElseThrow().roles());
        assertTrue("the file's password signs the administrator in", users.authenticate("admin", password).isPresent());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
        start(Map.of());
        assertEquals("a second start keeps the file", password, file.read().orElseThrow());

        users.setPassword("admin", "a-new-long-password");

        assertFalse("the file is deleted when the password is first changed", Files.exists(file.path()));
    }

    @Test
    public void aPasswordFromTheEnvironmentIsNotWrittenAnywhere() {
        start(Map.of(AdminBootstrap.PASSWORD_VARIABLE, "from-the-environment"));

        assertTrue(users.authenticate("admin", "from-the-environment").isPresent());
        assertFalse(Files.exists(file.path()));
    }

    @Test
    public void aFileWhosePasswordWasChangedElsewhereIsDeletedAtTheNextStart() {
        start(Map.of());
        // As another node sharing the database would change it: not through this node's file.
        new DatabaseUserService(db.emf(), new RealmLogin(), temp.getRoot().toPath().resolve("absent.properties"),
                new InitialPasswordFile(temp.getRoot().toPath().resolve("elsewhere"))).setPassword("admin", "changed-on-node-2");
        assertTrue(Files.exists(file.path()));

        start(Map.of());

        assertFalse(Files.exists(file.path()));
    }

    @Test
    public void someoneWithAccessToTheServerResetsALostPassword() throws IOException {
        start(Map.of());
        users.setPassword("admin", "lost-and-forgotten-1");
        users.create("grace", "grace-long-password", Set.of(Roles.ADMIN));
        users.setRoles("admin", Set.of(Roles.AGENT));
        Files.createFile(file.resetRequest());

        start(Map.of());

        String password = file.read().orElseThrow();
        assertTrue(users.authenticate("admin", password).isPresent());
        assertTrue(users.authenticate("admin", "lost-and-forgotten-1").isEmpty());
        assertTrue("an administrator again", users.find("admin").orElseThrow().roles().contains(Roles.ADMIN));
        assertFalse("the request is used once", Files.exists(file.resetRequest()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
    }
}
