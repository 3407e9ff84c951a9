package org.rapport.rest.impl.command;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.service.event.EventAdmin;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.rest.impl.AuditTrail;
import org.rapport.rest.security.ShellUser;
import org.rapport.rest.security.User;
import org.rapport.rest.security.UserService;
import org.rapport.rest.shell.UserNameCompleter;

/**
 * {@code admin:users [list]}, {@code admin:users add <name> <role>...}, {@code admin:users passwd <name>},
 * {@code admin:users roles <name> <role>...}, {@code admin:users delete <name>}. Passwords are asked
 * for without echo unless given with {@code --password}.
 */
@Service
@Command(scope = "admin", name = "users", description = "Lists, adds, changes and removes the people who may sign in")
public class UsersCommand implements Action {

    @Argument(index = 0, name = "action", description = "list, add, passwd, roles or delete")
    @Completion(values = {"list", "add", "passwd", "roles", "delete"}, caseSensitive = true, value = StringsCompleter.class)
    String action = "list";

    @Argument(index = 1, name = "name", description = "The user's name")
    @Completion(UserNameCompleter.class)
    String name;

    @Argument(index = 2, name = "roles", description = "Roles: admin, analyst, agent", multiValued = true)
    @Completion(values = {"admin", "analyst", "agent"}, caseSensitive = true, value = StringsCompleter.class)
    List<String> roles;

    @Option(name = "--password", aliases = "-p", description = "The password (asked for when absent, which keeps it out of the history)")
    String password;

    @Reference
    UserService users;

    @Reference
    Session session;

    @Reference(optional = true)
    EventAdmin events;

    @Override
    public Object execute() throws IOException {
        switch (action) {
            case "list" -> {
                System.out.printf("%-24s %s%n", "User", "Roles");
                for (User user : users.list()) {
                    System.out.printf("%-24s %s%n", user.name(), String.join(", ", user.roles().stream().sorted().toList()));
                }
            }
            case "add" -> {
                User user = users.create(required(), password(), roleSet());
                AuditTrail.send(events, ShellUser.name(), "user.create", "user " + user.name(), null,
                        AuditTrail.roles(user.roles()));
                System.out.println("User " + user.name() + " added with roles " + String.join(", ", user.roles().stream().sorted().toList()));
            }
            case "passwd" -> {
                users.setPassword(required(), password());
                AuditTrail.send(events, ShellUser.name(), "user.password", "user " + name, null, "changed");
                System.out.println("Password of " + name + " changed");
            }
            case "roles" -> {
                String before = users.find(required()).map(u -> AuditTrail.roles(u.roles())).orElse(null);
                User user = users.setRoles(required(), roleSet());
                AuditTrail.send(events, ShellUser.name(), "user.roles", "user " + user.name(), before,
                        AuditTrail.roles(user.roles()));
                System.out.println("User " + user.name() + " now has roles " + String.join(", ", user.roles().stream().sorted().toList()));
            }
            case "delete" -> {
                String before = users.find(required()).map(u -> AuditTrail.roles(u.roles())).orElse(null);
                users.delete(required());
                AuditTrail.send(events, ShellUser.name(), "user.delete", "user " + name, before, null);
                System.out.println("User " + name + " removed");
            }
            default -> throw new IllegalArgumentException("unknown action '" + action + "'; use list, add, passwd, roles or delete");
        }
        return null;
    }

    private String required() {
        if (name == null) {
            throw new IllegalArgumentException("name the user: admin:users " + action + " <name>");
        }
        return name;
    }

    private Set<String> roleSet() {
        return roles == null ? Set.of() : new LinkedHashSet<>(roles);
    }

    private String password() throws IOException {
        if (password != null) {
            return password;
        }
        String first = session.readLine("Password for " + name + ": ", '*');
        String again = session.readLine("Again: ", '*');
        if (first == null || !first.equals(again)) {
            throw new IllegalArgumentException("the two passwords differ; nothing was changed");
        }
        return first;
    }
}
