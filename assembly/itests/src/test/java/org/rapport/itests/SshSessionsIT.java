package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.sshd.client.session.ClientSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.contacts.api.ContactService;
import org.rapport.rest.Roles;

/**
 * What people do over SSH with a real client: pipe a CSV into {@code contacts:import} as each role
 * may, never name a server file, and leave no record of what they typed for the next session to
 * find.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class SshSessionsIT extends SshTestSupport {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Inject
    ContactService contacts;

    @Test
    public void aCsvPipedIntoTheImportIsImportedAsTheRoleAllows() throws IOException {
        String marker = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String csv = "email,first name\n" + marker + "-1@example.com,Ada\n" + marker + "-2@example.com,Grace\nnot-mail,Bad\n";
        String analyst = "itest-ssh-analyst-" + marker;
        users.create(analyst, PASSWORD, Set.of(Roles.ANALYST));

        Map.Entry<Integer, String> refused = execAs(analyst, "contacts:import", csv);
        assertTrue("an analyst may not import: " + refused.getValue(), refused.getKey() != 0);
        assertTrue(refused.getValue(), refused.getValue().contains("Command not found"));
        assertEquals(0, contacts.countMatches(marker));

        Map.Entry<Integer, String> dry = execAs(agent, "contacts:import --dry-run", csv);
        assertEquals(dry.getValue(), 0, (int) dry.getKey());
        assertTrue(dry.getValue(), dry.getValue().contains("3 rows, 2 created, 0 updated, 0 unchanged, 1 refused"));
        assertFalse("the report names rows, never their values: " + dry.getValue(), dry.getValue().contains("not-mail"));
        assertEquals("a dry run stores nothing", 0, contacts.countMatches(marker));

        Map.Entry<Integer, String> imported = execAs(agent, "contacts:import", csv);
        assertEquals(imported.getValue(), 0, (int) imported.getKey());
        await("the piped rows are imported", () -> contacts.countMatches(marker) == 2);

        Path etc = Paths.get(System.getProperty("karaf.etc"));
        // The inbox an administrator fills, so that the names below are refused for where they lead.
        Files.createDirectories(Paths.get(System.getProperty("karaf.home"), "imports"));
        for (String name : List.of(etc.resolve("users.properties").toString(), "../etc/users.properties", "/etc/passwd")) {
            Map.Entry<Integer, String> file = execAs(agent, "contacts:import --dry-run '" + name + "'", null);
            assertTrue(name + ": " + file.getValue(), file.getKey() != 0);
            assertTrue(name + ": " + file.getValue(), file.getValue().contains("is not a file in")
                    || file.getValue().contains("is not a plain name"));
            assertFalse(file.getValue(), file.getValue().contains("root:") || file.getValue().contains("{CRYPT}"));
        }
    }

    /** One command over SSH in a session of its own: Karaf ends the SSH session after each command it executes. */
    private Map.Entry<Integer, String> execAs(String user, String command, String input) throws IOException {
        try (ClientSession session = signIn("127.0.0.1", user, PASSWORD)) {
            return exec(session, command, input, WITHIN);
        }
    }

    @Test
    public void nothingTypedInAShellIsKeptForTheNextSession() throws IOException {
        String marker = "typed-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String admin = "itest-ssh-admin-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(admin, PASSWORD, Set.of(Roles.ADMIN));

        try (ClientSession session = signIn("127.0.0.1", admin, PASSWORD)) {
            String typed = typeInShell(session, WITHIN, "contacts:list " + marker, "echo " + marker, "logout");
            assertTrue("the shell ran what was typed: " + typed, typed.contains(marker));
        }
        try (ClientSession session = signIn("127.0.0.1", agent, PASSWORD)) {
            String history = typeInShell(session, WITHIN, "history", "logout");
            assertFalse("the next session's history holds the last one's commands: " + history, history.contains(marker));
        }
        List<Path> kept = new ArrayList<>();
        List<Path> places = new ArrayList<>(List.of(Paths.get(System.getProperty("user.home"), ".karaf"),
                Paths.get(System.getProperty("karaf.home"), ".karaf"), Paths.get(System.getProperty("karaf.data"))));
        if (System.getProperty("karaf.history") != null) {
            places.add(Paths.get(System.getProperty("karaf.history")).toAbsolutePath().getParent());
        }
        for (Path place : places) {
            if (!Files.isDirectory(place)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(place, 2)) {
                files.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().contains("history"))
                        .filter(file -> contains(file, marker)).forEach(kept::add);
            }
        }
        assertEquals("files that keep what was typed", List.of(), kept);
    }

    private static boolean contains(Path file, String text) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(text);
        } catch (IOException unreadable) {
            return false;
        }
    }
}
