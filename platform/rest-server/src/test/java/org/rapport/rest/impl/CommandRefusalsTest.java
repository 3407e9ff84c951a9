package org.rapport.rest.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;

import javax.security.auth.Subject;

import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Parser;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.console.SessionFactoryImpl;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Karaf's own shell (its session factory and Gogo's runtime) runs command lines as a signed-in SSH
 * user, and the listener audits the refusals among them.
 */
public class CommandRefusalsTest {

    private final List<Event> entries = new ArrayList<>();
    private final ThreadIOImpl io = new ThreadIOImpl();
    /** The shell the user's session runs in: {@code rules:deploy} is hidden from it, as Karaf's ACL hides it from an agent. */
    private SessionFactoryImpl shell;
    /** Every command, as the shell's service lists it. */
    private SessionFactoryImpl everything;

    @Before
    public void aShell() {
        io.start();
        shell = new SessionFactoryImpl(io);
        everything = new SessionFactoryImpl(io);
        shell.register(command("contacts", "add", () -> {
            throw new SecurityException("Insufficient credentials.");
        }));
        everything.register(command("rules", "deploy", () -> "deployed"));
        RefusalAudit audit = new RefusalAudit();
        audit.events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                entries.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                entries.add(event);
            }
        };
        CommandRefusals refusals = new CommandRefusals(audit);
        refusals.sessions = everything;
        shell.getCommandProcessor().addListener(refusals);
    }

    @After
    public void stop() {
        shell.stop();
        everything.stop();
        io.stop();
    }

    @Test
    public void aHiddenCommandIsAuditedByNameWithUserAndAddress() {
        run("rules:deploy loyalty");

        assertEquals(1, entries.size());
        Event entry = entries.get(0);
        assertEquals("grace", entry.getProperty("audit.actor"));
        assertEquals("refused.command", entry.getProperty("audit.action"));
        assertEquals("rules:deploy", entry.getProperty("audit.subject"));
        String after = (String) entry.getProperty("audit.after");
        assertTrue(after, after.startsWith("refused from 198.51.100.1: the command is not allowed to the session's roles"));
    }

    @Test
    public void theAddressIsTheClientsHostWithoutThePortOfItsConnection() {
        assertEquals("198.51.100.1", CommandRefusals.host("/198.51.100.1:50022"));
        assertEquals("2001:db8::1", CommandRefusals.host("/[2001:db8::1]:50022"));
        assertEquals("198.51.100.1", CommandRefusals.host("client.example/198.51.100.1:50022"));
        assertEquals("198.51.100.1", CommandRefusals.host("198.51.100.1"));
        assertEquals("local", CommandRefusals.host(null));
    }

    @Test
    public void aRefusedFormIsAuditedWithoutItsArguments() {
        run("contacts:add --email ada@example.com");

        assertEquals(1, entries.size());
        assertEquals("contacts:add", entries.get(0).getProperty("audit.subject"));
        assertTrue(entries.get(0).toString(), !String.valueOf(entries.get(0).getProperty("audit.after")).contains("ada@"));
    }

    @Test
    public void anScpTransferIsARefusalNotATypingError() {
        run("scp -f etc/host.key");

        assertEquals(1, entries.size());
        assertEquals("scp", entries.get(0).getProperty("audit.subject"));
        String after = (String) entries.get(0).getProperty("audit.after");
        assertTrue(after, after.startsWith("refused from 198.51.100.1: file transfer over SSH (SCP, SFTP) is off"));
    }

    @Test
    public void aCommandThatExistsNowhereIsATypingErrorNotARefusal() {
        run("rules:deplyo loyalty");

        assertEquals(List.of(), entries);
    }

    private void run(String line) {
        Subject user = new Subject();
        user.getPrincipals().add(new UserPrincipal("grace"));
        // As Karaf's SSH server records the client: its socket address, port included.
        user.getPrincipals().add(new ClientPrincipal("ssh", "/198.51.100.1:50022"));
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true);
        try {
            Subject.doAs(user, (PrivilegedExceptionAction<Object>) () -> {
                Session session = shell.create(InputStream.nullInputStream(), out, out);
                try {
                    return session.execute(line);
                } finally {
                    session.close();
                }
            });
            fail(line + " ran");
        } catch (RuntimeException refused) {
            assertTrue(refused.toString(), refused instanceof SecurityException
                    || refused.getClass().getSimpleName().equals("CommandNotFoundException"));
        } catch (java.security.PrivilegedActionException unexpected) {
            throw new AssertionError(unexpected.getCause());
        }
    }

    private interface Body {
        Object run();
    }

    private static Command command(String scope, String name, Body body) {
        return new Command() {
            @Override
            public String getScope() {
                return scope;
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public String getDescription() {
                return name;
            }

            @Override
            public Completer getCompleter(boolean scoped) {
                return null;
            }

            @Override
            public Parser getParser() {
                return null;
            }

            @Override
            public Object execute(Session session, List<Object> arguments) {
                return body.run();
            }
        };
    }
}
