package org.rapport.rest.impl;

import java.security.AccessController;
import java.security.Principal;
import java.security.PrivilegedAction;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.security.auth.Subject;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.CommandSessionListener;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.rapport.rest.Roles;

/**
 * Sends every shell command a role may not run to the audit log ({@code refused.command}, through
 * {@link RefusalAudit}): Karaf's shell calls every {@link CommandSessionListener} service after
 * each command line. Karaf refuses a command in two ways: it hides a command whose ACL names none
 * of the session's roles (then "Command not found"), and it refuses a form of a command the ACL
 * allows others ({@code SecurityException}, "Insufficient credentials"). A command that is not
 * found is audited only when it exists, so that a typing error is not a refusal; {@code scp}, which
 * an SCP client asks the server to execute, is always audited. The entry names
 * the user, the address the SSH session comes from, without its port ({@code local} for the
 * console and {@code bin/client} sessions without one), and the command's name only: its arguments may hold a
 * password or personal values.
 */
@Component(service = CommandSessionListener.class)
public class CommandRefusals implements CommandSessionListener {

    /**
     * What an SCP client asks an SSH server to execute ({@code scp -f etc/host.key}): with SCP
     * off, the shell takes it for a command it does not have; a refusal all the same, not a typing
     * error.
     */
    private static final Set<String> FILE_TRANSFER = Set.of("scp", "sftp");

    private final RefusalAudit audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SessionFactory sessions;

    @Activate
    public CommandRefusals(@Reference RefusalAudit audit) {
        this.audit = audit;
    }

    @Override
    public void beforeExecute(CommandSession session, CharSequence commandline) {
        // refusals are known after the command
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Object result) {
        // it ran
    }

    @Override
    public void afterExecute(CommandSession session, CharSequence commandline, Exception exception) {
        String name = refusedCommand(commandline, exception);
        if (name == null) {
            return;
        }
        boolean hidden = !(exception instanceof SecurityException);
        boolean transfer = hidden && FILE_TRANSFER.contains(name);
        if (hidden && !transfer && !exists(name)) {
            return;
        }
        Subject subject = currentSubject();
        String why = transfer ? "file transfer over SSH (SCP, SFTP) is off for every user"
                : hidden ? "the command is not allowed to the session's roles (etc/org.apache.karaf.command.acl.*.cfg), so it is hidden"
                : "this form of the command is not allowed to the session's roles: " + exception.getMessage();
        audit.refused("command", user(subject, session), address(subject), name, why);
    }

    /** The name of the command refused, or null when the exception is no refusal. */
    static String refusedCommand(CharSequence commandline, Exception exception) {
        if (exception instanceof SecurityException) {
            return firstWord(commandline);
        }
        // By name: Gogo's runtime package is not exported.
        if (exception != null && exception.getClass().getSimpleName().equals("CommandNotFoundException")) {
            String message = exception.getMessage() == null ? "" : exception.getMessage();
            int colon = message.lastIndexOf(": ");
            return colon < 0 ? firstWord(commandline) : message.substring(colon + 2).strip();
        }
        return null;
    }

    private static String firstWord(CharSequence commandline) {
        String line = commandline == null ? "" : commandline.toString().strip();
        int end = 0;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end)) && line.charAt(end) != ';'
                && line.charAt(end) != '|') {
            end++;
        }
        return line.substring(0, end);
    }

    /**
     * Whether a command of this name is registered. Karaf's secured shell lists only the commands
     * the current user may see, and caches what a thread may see, so the lookup runs in a thread
     * of its own, as a user holding every Rapport role: never in the session's thread, whose cache
     * it would otherwise change.
     */
    private boolean exists(String name) {
        SessionFactory factory = sessions;
        if (factory == null || name.isEmpty()) {
            return false;
        }
        Subject everyRole = new Subject();
        everyRole.getPrincipals().add(new UserPrincipal("rapport-command-lookup"));
        for (String role : Roles.PERSON_ROLES) {
            everyRole.getPrincipals().add(new RolePrincipal(role));
        }
        AtomicBoolean found = new AtomicBoolean();
        Thread lookup = Subject.doAs(everyRole, (PrivilegedAction<Thread>) () -> new Thread(
                () -> found.set(listed(factory, name)), "rapport-command-lookup"));
        lookup.setDaemon(true);
        lookup.start();
        try {
            lookup.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return found.get();
    }

    private static boolean listed(SessionFactory factory, String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (Command command : factory.getRegistry().getCommands()) {
            String full = (command.getScope() + ":" + command.getName()).toLowerCase(Locale.ROOT);
            if (full.equals(wanted) || (!wanted.contains(":") && command.getName().equalsIgnoreCase(wanted))) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("removal") // the shell runs each session as its Subject; Java 17 has no other way to read it
    private static Subject currentSubject() {
        return Subject.getSubject(AccessController.getContext());
    }

    private static String user(Subject subject, CommandSession session) {
        if (subject != null) {
            for (Principal principal : subject.getPrincipals(UserPrincipal.class)) {
                return principal.getName();
            }
        }
        Object user = session == null ? null : session.get("USER");
        return user == null ? "unknown" : user.toString();
    }

    private static String address(Subject subject) {
        if (subject != null) {
            for (ClientPrincipal client : subject.getPrincipals(ClientPrincipal.class)) {
                return host(client.getAddress());
            }
        }
        return "local";
    }

    /**
     * The client's address without its port, as HTTP refusals and the login throttle name it: Karaf
     * records an SSH client as its socket address ({@code /198.51.100.1:50022},
     * {@code /[2001:db8::1]:50022}), and a port that changes with every connection would make each
     * session an address of its own, escaping the audit's summary per address.
     */
    static String host(String address) {
        if (address == null) {
            return "local";
        }
        String host = address.substring(address.lastIndexOf('/') + 1);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(1, end);
        }
        int colon = host.indexOf(':');
        return colon >= 0 && colon == host.lastIndexOf(':') ? host.substring(0, colon) : host;
    }
}
