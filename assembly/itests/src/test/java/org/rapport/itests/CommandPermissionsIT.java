package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.security.PrivilegedAction;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.sshd.client.session.ClientSession;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.rapport.rest.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every Rapport shell command, and every option that changes what one does, run by each role
 * (as {@code AccessRestIT}'s matrix does for REST): each cell is either refused or runs. The forms
 * run are harmless (ids that do not exist, values that fail validation after the permission
 * check), so a permitted cell shows only that the command was not refused. A Rapport command
 * missing from the matrix fails it. The matrix runs twice: in the container's shell, and as
 * people reach it, signed in over SSH with a real client, where each refusal is also in the
 * audit log with the address it came from. Then the commands that took server paths: no file
 * outside the folders an administrator set aside can be named, and none is echoed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class CommandPermissionsIT extends SshTestSupport {

    private static final String NONE = "999999999";
    private static final Set<String> SCOPES = Set.of("accounts", "admin", "audit", "campaigns", "cases", "channels", "contacts",
            "events", "inbound", "jobs", "loyalty", "messages", "offers", "plugins", "privacy", "retention", "rules", "sales",
            "segments");
    private static final String AGENT = Roles.AGENT;
    private static final String ANALYST = Roles.ANALYST;
    private static final String ADMIN = Roles.ADMIN;

    /** A command line, its standard input (or null), and the roles it runs for (the others are refused). */
    private record Cell(String command, String input, Set<String> roles) {
    }

    private static final List<Cell> MATRIX = new ArrayList<>();

    @Inject
    ConfigurationAdmin configurations;
    @Inject
    BundleContext context;

    private static void row(String command, String... roles) {
        rowWithInput(command, null, roles);
    }

    private static void rowWithInput(String command, String input, String... roles) {
        Set<String> allowed = new TreeSet<>(List.of(roles));
        allowed.add(ADMIN);
        MATRIX.add(new Cell(command, input, allowed));
    }

    static {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        row("accounts:add --country ZZZ perm-" + unique, AGENT);
        row("accounts:list --limit 1", AGENT, ANALYST);
        row("accounts:show " + NONE, AGENT, ANALYST);
        row("admin:keys");
        row("admin:users");
        row("audit:log --limit 1");
        row("cases:list", AGENT, ANALYST);
        row("cases:show " + NONE, AGENT, ANALYST);
        row("cases:kpis", AGENT, ANALYST);
        row("cases:open --contact " + NONE + " subject message", AGENT);
        row("cases:from-inbound " + NONE, AGENT);
        row("cases:reply " + NONE + " text", AGENT);
        row("cases:note " + NONE + " text", AGENT);
        row("cases:message " + NONE + " text", AGENT);
        row("cases:assign " + NONE, AGENT);
        row("cases:status " + NONE + " closed", AGENT);
        row("cases:move " + NONE + " support", AGENT);
        row("cases:check", ANALYST);
        row("channels:list", AGENT, ANALYST);
        row("contacts:add --email not-an-address", AGENT);
        row("contacts:define-property 'Not a name!' text");
        row("contacts:duplicates " + NONE, AGENT, ANALYST);
        row("contacts:export --format xml");
        row("contacts:find nobody-" + unique, AGENT, ANALYST);
        rowWithInput("contacts:import --dry-run", "email\nperm-" + unique + "@example.com\n", AGENT);
        row("contacts:list --limit 1", AGENT, ANALYST);
        row("contacts:merge " + NONE + " 999999998", AGENT);
        row("contacts:merge --confirm " + NONE + " 999999998", AGENT);
        row("contacts:properties", AGENT, ANALYST);
        row("contacts:record " + NONE + " phone call", AGENT);
        row("contacts:remove-property no-such-property");
        row("contacts:set " + NONE + " firstName=X", AGENT);
        row("contacts:show " + NONE, AGENT, ANALYST);
        row("contacts:timeline " + NONE, AGENT, ANALYST);
        row("contacts:unmerge " + NONE, AGENT);
        row("loyalty:adjust " + NONE + " 10 perm", AGENT);
        row("loyalty:expire --as-of not-a-day");
        row("loyalty:history " + NONE, AGENT, ANALYST);
        row("loyalty:purchase " + NONE + " 10", AGENT);
        row("loyalty:reconcile", ANALYST);
        row("loyalty:redeem " + NONE + " NO-SUCH-REWARD", AGENT);
        row("loyalty:reevaluate --status " + NONE, ANALYST);
        row("loyalty:reverse " + NONE + " perm", AGENT);
        row("loyalty:rewards", AGENT, ANALYST);
        row("loyalty:show " + NONE, AGENT, ANALYST);
        row("loyalty:rewards --set PERM --points 0 Perm", new String[0]);
        row("inbound:addresses --limit 1", AGENT, ANALYST);
        row("inbound:addresses --clear nobody-" + unique + "@example.invalid", AGENT);
        row("inbound:log --limit 1", AGENT, ANALYST);
        row("messages:log --limit 1", AGENT, ANALYST);
        row("messages:retry " + NONE, AGENT);
        row("messages:send " + NONE + " no-such-template", AGENT);
        row("messages:templates", AGENT, ANALYST);
        rowWithInput("messages:templates --set perm-" + unique + " en", "", ANALYST);
        row("jobs:list --limit 1", AGENT, ANALYST);
        row("jobs:show " + NONE, AGENT, ANALYST);
        row("jobs:cancel " + NONE, AGENT, ANALYST);
        row("jobs:resume " + NONE, AGENT, ANALYST);
        row("events:list");
        row("events:subscribe Not_A_Name http://127.0.0.1:9/hook contact.created");
        row("events:unsubscribe " + NONE);
        row("events:resume " + NONE);
        row("events:replay " + NONE + " 2026-01-01T00:00:00Z");
        row("events:deliveries " + NONE + " --state dead");
        row("offers:list", AGENT, ANALYST);
        row("offers:for " + NONE, AGENT, ANALYST);
        row("offers:define --kind no-such-kind 'not a code' Title", ANALYST);
        row("plugins:guarded");
        row("plugins:list");
        row("plugins:resume channel no-such-channel");
        row("plugins:show no-such-plugin");
        row("privacy:check " + NONE + " marketing", AGENT, ANALYST);
        row("privacy:consent " + NONE + " marketing grant", AGENT);
        row("privacy:consents " + NONE, AGENT, ANALYST);
        row("privacy:erase " + NONE);
        row("privacy:export " + NONE);
        row("privacy:holds", ANALYST);
        row("privacy:holds --place " + NONE + " perm");
        row("privacy:holds --lift " + NONE);
        row("privacy:retention-run --dry-run", ANALYST);
        // What the text-matching ACL let an analyst run: a real run, with --dry-run on the line.
        row("privacy:retention-run --dry-run=false", new String[0]);
        row("privacy:retention-run");
        row("retention:activity " + NONE, AGENT, ANALYST);
        row("retention:activity --evaluate " + NONE, AGENT);
        row("retention:at-risk --limit 1", AGENT, ANALYST);
        row("retention:kpis --from 2026-01 --to 2026-01", AGENT, ANALYST);
        row("retention:rebuild --contact " + NONE);
        row("retention:sweep --list", ANALYST);
        row("retention:sweep --resume " + NONE, ANALYST);
        row("retention:tasks", AGENT, ANALYST);
        row("retention:tasks --take " + NONE, AGENT);
        row("retention:tasks --done " + NONE, AGENT);
        row("rules:check no-such-package", ANALYST);
        row("rules:deploy no-such-package no-such-folder", ANALYST);
        row("rules:diff loyalty 999998 999999", ANALYST);
        row("rules:history loyalty", ANALYST);
        row("rules:list", ANALYST);
        row("rules:preview no-such-package no-such-folder", ANALYST);
        row("rules:rollback no-such-package", ANALYST);
        row("rules:shadow no-such-package", ANALYST);
        row("rules:shadow --drop no-such-package", ANALYST);
        row("rules:test no-such-package", ANALYST);
        row("rules:why " + NONE, AGENT, ANALYST);
        row("segments:define 'not a name!' tag:x", ANALYST);
        row("segments:list", AGENT, ANALYST);
        row("segments:members no-such-segment", AGENT, ANALYST);
        row("segments:preview tag:perm-" + unique, AGENT, ANALYST);
        row("segments:refresh no-such-segment", ANALYST);
        row("segments:remove no-such-segment", ANALYST);
        row("segments:show no-such-segment", AGENT, ANALYST);
        row("campaigns:list", AGENT, ANALYST);
        row("campaigns:show no-such-campaign", AGENT, ANALYST);
        row("campaigns:create 'not a name!' no-such-segment no-such-template", ANALYST);
        row("campaigns:preview no-such-campaign", ANALYST);
        row("campaigns:launch no-such-campaign", ANALYST);
        row("campaigns:pause no-such-campaign", ANALYST);
        row("campaigns:resume no-such-campaign", ANALYST);
        row("campaigns:cancel no-such-campaign", ANALYST);
        row("sales:leads", AGENT, ANALYST);
        row("sales:lead-add --source event Nobody", AGENT);
        rowWithInput("sales:lead-import --dry-run", "name,email\nPerm,perm-" + unique + "@example.com\n", AGENT);
        row("sales:lead-qualify " + NONE + " no reason", AGENT);
        row("sales:lead-convert " + NONE, AGENT);
        row("sales:opportunities", AGENT, ANALYST);
        row("sales:opportunity-stage " + NONE + " won no reason", AGENT);
        row("sales:pipeline", AGENT, ANALYST);
        row("sales:pipeline --check", ANALYST);
        row("sales:opportunity-lines " + NONE, AGENT, ANALYST);
        row("sales:opportunity-lines --clear " + NONE, AGENT);
        row("sales:rescore " + NONE, AGENT, ANALYST);
        row("sales:rescore", ANALYST);
        // Karaf's own commands that read server files, logs or configuration by name.
        String users = System.getProperty("karaf.etc") + "/users.properties";
        for (String reader : List.of("shell:cat", "shell:head", "shell:tail", "shell:grep root", "shell:wc", "shell:sort")) {
            row(reader + " " + users);
        }
        row("shell:source " + System.getProperty("karaf.etc") + "/no-such-script");
        row("log:display -n 1", ANALYST);
        row("config:list \"(service.pid=org.rapport.cluster)\"");
        row("config:property-list --pid org.ops4j.datasource-rapport");
        row("ssh:ssh --help");
        // Karaf's realms, users and roles, and acting as someone else.
        row("jaas:realm-list");
        row("jaas:user-list");
        row("jaas:pending-list");
        row("jaas:whoami", AGENT, ANALYST);
    }

    @Test
    public void everyCommandRunsForItsRolesAndIsRefusedToTheOthers() {
        List<String> wrong = new ArrayList<>();
        for (Cell cell : MATRIX) {
            for (String role : List.of(ADMIN, ANALYST, AGENT)) {
                boolean allowed = cell.roles().contains(role);
                Throwable refusal = refusal(cell, role);
                if (allowed != (refusal == null)) {
                    wrong.add(role + " " + (allowed ? "refused" : "allowed") + ": " + cell.command()
                            + (refusal == null ? "" : " (" + refusal + ")"));
                }
            }
        }
        assertEquals("cells that do not match the matrix:\n" + String.join("\n", wrong), List.of(), wrong);
    }

    /**
     * The same matrix as people reach it: a user of each role signs in over SSH and types every
     * cell into one interactive shell, each after a marker that {@code echo} prints (so that the
     * answer of each cell can be told apart); the cells that read standard input run over an exec
     * channel with their input piped in, as {@code ssh host cmd < file} does.
     */
    @Test
    public void everyCellAnswersTheSameOverARealSshClient() throws IOException {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> userOf = new TreeMap<>(Map.of(AGENT, agent, ANALYST, "itest-ssh-analyst-" + unique,
                ADMIN, "itest-ssh-admin-" + unique));
        users.create(userOf.get(ANALYST), PASSWORD, Set.of(ANALYST));
        users.create(userOf.get(ADMIN), PASSWORD, Set.of(ADMIN));
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> person : userOf.entrySet()) {
            String role = person.getKey();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < MATRIX.size(); i++) {
                if (MATRIX.get(i).input() == null) {
                    // Printed "@@ cell-7 @@"; the line as typed (and echoed) holds quotes between the words.
                    lines.add("echo \"@@\" \"cell-" + i + "\" \"@@\"");
                    lines.add(MATRIX.get(i).command());
                }
            }
            lines.add("echo \"@@\" \"cell-end\" \"@@\"");
            lines.add("logout");
            String typed;
            try (ClientSession session = signIn("127.0.0.1", person.getValue(), PASSWORD)) {
                typed = typeInShell(session, Duration.ofMinutes(10), lines.toArray(String[]::new));
            }
            for (int i = 0; i < MATRIX.size(); i++) {
                Cell cell = MATRIX.get(i);
                String answer;
                if (cell.input() == null) {
                    int from = typed.indexOf("@@ cell-" + i + " @@");
                    int to = typed.indexOf("@@ cell-", from + 1);
                    if (from < 0 || to < 0) {
                        wrong.add(role + " over SSH: no answer to " + cell.command());
                        continue;
                    }
                    answer = typed.substring(from, to);
                } else {
                    try (ClientSession session = signIn("127.0.0.1", person.getValue(), PASSWORD)) {
                        answer = exec(session, cell.command(), cell.input(), Duration.ofMinutes(1)).getValue();
                    }
                }
                boolean refused = answer.contains("Command not found") || answer.contains("needs the role")
                        || answer.contains("Insufficient credentials");
                if (cell.roles().contains(role) == refused) {
                    wrong.add(role + " over SSH " + (refused ? "refused" : "allowed") + ": " + cell.command()
                            + " (" + answer.replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").strip() + ")");
                }
            }
        }
        assertEquals("cells that do not match the matrix over SSH:\n" + String.join("\n", wrong), List.of(), wrong);

        for (String role : List.of(AGENT, ANALYST)) {
            JsonNode audited = call("GET", "/audit?action=refused.command&limit=100&actor=" + userOf.get(role),
                    basic(ADMIN), null).json().get("items");
            assertTrue(role + "'s refusals over SSH are audited with the address: " + audited,
                    audited.size() > 0 && audited.get(0).get("after").asText().startsWith("refused from 127.0.0.1: "));
        }
    }

    @Test
    public void everyRapportCommandIsInTheMatrix() {
        Set<String> covered = new TreeSet<>();
        MATRIX.forEach(c -> covered.add(c.command().split(" ")[0]));
        Set<String> missing = new TreeSet<>();
        for (String name : registeredCommands()) {
            if (SCOPES.contains(name.substring(0, name.indexOf(':'))) && !covered.contains(name)) {
                missing.add(name);
            }
        }
        assertEquals("Rapport commands without a row in the matrix", Set.of(), missing);
    }

    @Test
    public void anOptionsRefusalNamesTheOptionAndTheRole() {
        Throwable refused = refusal(new Cell("privacy:retention-run --dry-run=false", null, Set.of()), ANALYST);

        assertTrue(String.valueOf(refused), refused instanceof SecurityException);
        assertEquals("privacy:retention-run without --dry-run needs the role admin; itest has not", refused.getMessage());
    }

    @Test
    public void anImportTakesNoServerPathAndEchoesNoFile() throws IOException {
        Path inbox = Files.createDirectories(Paths.get(System.getProperty("karaf.home"), "imports"));
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        String key = Files.exists(etc.resolve("host.key")) ? "host.key" : "users.properties";
        Files.deleteIfExists(inbox.resolve("key.csv"));
        Files.createSymbolicLink(inbox.resolve("key.csv"), etc.resolve(key));
        try {
            for (String name : List.of(etc.resolve(key).toString(), "../etc/" + key, "key.csv", "/etc/passwd")) {
                for (String role : List.of(AGENT, ADMIN)) {
                    String refused = failure("contacts:import --dry-run --map x=email " + quoted(name), role);
                    assertTrue(refused, refused.contains("is not a file in " + inbox) || refused.contains("is not a plain name")
                            || refused.contains("a symbolic link leads elsewhere"));
                    assertFalse(refused, refused.contains("BEGIN") || refused.contains("root:"));
                }
            }
        } finally {
            Files.delete(inbox.resolve("key.csv"));
        }
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Files.writeString(inbox.resolve("perm-" + unique + ".csv"), "email\ninbox-" + unique + "@example.com\nnot-mail\n",
                StandardCharsets.UTF_8);
        String fromInbox = executeAs("contacts:import --dry-run perm-" + unique + ".csv", AGENT);
        assertTrue(fromInbox, fromInbox.contains("2 rows, 1 created, 0 updated, 0 unchanged, 1 refused"));
        assertTrue(fromInbox, fromInbox.contains("row 3, column email: the value is not an email address"));
        // A file that is not contacts, as content: the report says which rows and why, never what they held.
        String secret = "ssh-key\nAAAAB3NzaC1yc2EAAAADAQABAAABAQ-" + unique + "\nsecond line " + unique + "\n";
        String dry = executeWithInput("contacts:import --dry-run --map ssh-key=email", secret, AGENT);
        assertTrue(dry, dry.contains("2 refused"));
        assertFalse(dry, dry.contains(unique));
    }

    @Test
    public void templatesAndExportsAreContentNotPaths() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String saved = executeWithInput("messages:templates --set --subject Hello perm-" + unique + " en",
                "Hello {{firstName}}, " + unique + "\n", ANALYST);
        assertTrue(saved, saved.contains("Template perm-" + unique + " (en) saved"));
        // The old form named a file: "--set etc/host.key" is now a flag and a template code.
        String old = failure("messages:templates --set " + System.getProperty("karaf.etc") + "/host.key perm-" + unique
                + " en", ANALYST);
        assertFalse(old, old.contains("BEGIN"));
        String csv = execute("contacts:export");
        assertTrue(csv, csv.startsWith("\"id\",\"email\",\"firstName\""));
        String json = failure("privacy:export " + NONE + " /tmp/perm-" + unique + ".json", ADMIN);
        assertFalse(json, Files.exists(Paths.get("/tmp/perm-" + unique + ".json")));
    }

    @Test
    public void ruleCandidatesComeFromTheRulesFolderOnly() throws IOException {
        Path etc = Paths.get(System.getProperty("karaf.etc"));
        Path candidates = Files.createDirectories(Paths.get(System.getProperty("karaf.home"), "rules", "candidates"));
        Path link = candidates.resolve("etc-link");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, etc);
        try {
            for (String command : List.of("rules:deploy", "rules:preview", "rules:shadow", "rules:check")) {
                for (String path : List.of(etc.toString(), "../etc", "candidates/etc-link", "/tmp")) {
                    String refused = failure(command + " loyalty " + path, ANALYST);
                    assertTrue(refused, refused.contains("is not a file in") || refused.contains("is not a plain name")
                            || refused.contains("a symbolic link leads elsewhere"));
                }
            }
        } finally {
            Files.delete(link);
        }
    }

    /**
     * Karaf's {@code log:display} (and {@code log:tail}) set the SSH server's logger to ERROR and back
     * through ConfigurationAdmin each time they run. With FileInstall writing such changes back, each
     * run rewrote etc/org.ops4j.pax.logging.cfg in place (truncated, then written) while FileInstall's
     * poller read the folder: now and then it read the file empty, and the node lost its logging
     * configuration (nothing more in karaf.log). Reading the log must write nothing in etc/, and
     * pax-logging keeps the configuration the file gives it.
     */
    @Test
    public void readingTheLogWritesNothingInEtcAndTheLoggingConfigurationStays() throws Exception {
        Path settings = Paths.get(System.getProperty("karaf.etc"), "org.ops4j.pax.logging.cfg");
        byte[] before = Files.readAllBytes(settings);
        FileTime written = Files.getLastModifiedTime(settings);
        for (int i = 0; i < 3; i++) {
            executeAs("log:display -n 1", ANALYST);
            executeAs("log:display -n 1", ADMIN);
        }
        configurationEventsDelivered();

        assertEquals("etc/org.ops4j.pax.logging.cfg not written", written, Files.getLastModifiedTime(settings));
        assertEquals("etc/org.ops4j.pax.logging.cfg as it was", new String(before, StandardCharsets.ISO_8859_1),
                new String(Files.readAllBytes(settings), StandardCharsets.ISO_8859_1));
        Properties file = new Properties();
        try (InputStream in = Files.newInputStream(settings)) {
            file.load(in);
        }
        Dictionary<String, Object> logging = configurations.getConfiguration("org.ops4j.pax.logging", null).getProperties();
        assertNotNull("etc/org.ops4j.pax.logging.cfg sets the root logger's level", file.getProperty("log4j2.rootLogger.level"));
        assertEquals("pax-logging keeps the configuration of etc/org.ops4j.pax.logging.cfg",
                file.getProperty("log4j2.rootLogger.level"), logging == null ? null : logging.get("log4j2.rootLogger.level"));
    }

    /**
     * Returns once ConfigurationAdmin has delivered every event raised so far to every listener
     * (FileInstall's among them): it delivers them in order, one after the other, so once a
     * configuration created now is reported, those before it have been handled.
     */
    private void configurationEventsDelivered() throws Exception {
        String pid = "org.rapport.itest.settled." + UUID.randomUUID().toString().replace("-", "");
        CountDownLatch reported = new CountDownLatch(1);
        ConfigurationListener listener = event -> {
            if (event.getPid().equals(pid) && event.getType() == ConfigurationEvent.CM_UPDATED) {
                reported.countDown();
            }
        };
        ServiceRegistration<ConfigurationListener> registration = context.registerService(ConfigurationListener.class,
                listener, null);
        Configuration marker = configurations.getConfiguration(pid, null);
        try {
            Hashtable<String, Object> properties = new Hashtable<>();
            properties.put("purpose", "a marker in the queue of configuration events");
            marker.update(properties);
            assertTrue("configuration events delivered within 30 s", reported.await(30, TimeUnit.SECONDS));
        } finally {
            registration.unregister();
            marker.delete();
        }
    }

    /** Waits until the shell has every Rapport command, so that "not found" can only mean refused. */
    @Before
    public void awaitEveryCommand() {
        Set<String> wanted = new TreeSet<>();
        MATRIX.forEach(c -> wanted.add(c.command().split(" ")[0]));
        Set<String> missing = new TreeSet<>(wanted);
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            missing.removeAll(registeredCommands());
            if (!missing.isEmpty()) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        assertEquals("commands of the matrix the shell does not have", Set.of(), missing);
    }

    /**
     * The shell's commands. Its registry shows a command only to a subject holding a role its ACL
     * names, and remembers per thread what it showed (this thread ran commands as other roles):
     * so ask as someone holding every role, on a thread of its own.
     */
    private Set<String> registeredCommands() {
        Subject everyRole = new Subject();
        List.of(ADMIN, ANALYST, AGENT).forEach(role -> everyRole.getPrincipals().add(new RolePrincipal(role)));
        FutureTask<Set<String>> listing = new FutureTask<>(() -> Subject.doAs(everyRole,
                (PrivilegedAction<Set<String>>) () -> sessionFactory.getRegistry().getCommands().stream()
                        .map(c -> c.getScope() + ":" + c.getName()).collect(Collectors.toSet())));
        new Thread(listing, "itest-commands").start();
        try {
            return listing.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot list the shell's commands", e);
        }
    }

    /** Why the cell was refused to the role, or null if it ran (whether or not it then failed). */
    private Throwable refusal(Cell cell, String role) {
        try {
            run(cell.command(), cell.input(), role);
            return null;
        } catch (AssertionError e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof SecurityException || cause.getClass().getSimpleName().equals("CommandNotFoundException")) {
                    return cause;
                }
            }
            return null;
        }
    }

    /** What a command that must fail said. */
    private String failure(String command, String role) {
        try {
            String out = run(command, null, role);
            fail("'" + command + "' ran for " + role + ":\n" + out);
            return out;
        } catch (AssertionError e) {
            if (e.getMessage() != null && e.getMessage().startsWith("'" + command + "' ran for")) {
                throw e;
            }
            return e.getMessage();
        }
    }

    private static String quoted(String text) {
        return "'" + text + "'";
    }
}
