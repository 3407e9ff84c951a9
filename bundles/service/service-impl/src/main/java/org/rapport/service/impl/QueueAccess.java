package org.rapport.service.impl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.rapport.rest.Roles;
import org.rapport.rest.security.User;
import org.rapport.rest.security.UserService;
import org.rapport.service.api.CaseValidationException;

/**
 * Who may see and work which queues ({@code queueAccess}: {@code queue=who who ...}, each who a
 * user's name or {@code role:<role>}). A queue named there is seen only by the users and the
 * holders of the roles it names, and by administrators; a queue not named there (as shipped: none)
 * is seen by everyone the path or command lets in, as it always was.
 */
final class QueueAccess {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,120}");
    private static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.ANALYST, Roles.AGENT, Roles.PARTNER);

    private final Map<String, Set<String>> users;
    private final Map<String, Set<String>> roles;

    private QueueAccess(Map<String, Set<String>> users, Map<String, Set<String>> roles) {
        this.users = users;
        this.roles = roles;
    }

    /** @throws IllegalArgumentException naming {@code queueAccess} and the entry at fault */
    static QueueAccess of(String[] configured, List<String> queues) {
        Map<String, Set<String>> users = new HashMap<>();
        Map<String, Set<String>> roles = new HashMap<>();
        for (String entry : CaseInput.list(configured == null ? new String[0] : configured)) {
            String where = "etc/" + ServiceConfig.PID + ".cfg: queueAccess: '" + entry + "' ";
            int eq = entry.indexOf('=');
            String queue = eq < 0 ? entry : entry.substring(0, eq).strip();
            if (!queues.contains(queue)) {
                throw new IllegalArgumentException(where + "names no queue of " + String.join(", ", queues)
                        + " before '='");
            }
            if (users.containsKey(queue)) {
                throw new IllegalArgumentException(where + "names queue " + queue + " a second time");
            }
            Set<String> names = new HashSet<>();
            Set<String> held = new HashSet<>();
            for (String who : (eq < 0 ? "" : entry.substring(eq + 1)).strip().split("\\s+")) {
                if (who.startsWith("role:") && ROLES.contains(who.substring(5))) {
                    held.add(who.substring(5));
                } else if (!who.startsWith("role:") && NAME.matcher(who).matches()) {
                    names.add(who);
                } else if (!who.isEmpty()) {
                    throw new IllegalArgumentException(where + "names '" + who + "', neither a user's name nor role:"
                            + String.join("|", ROLES.stream().sorted().toList()));
                }
            }
            if (names.isEmpty() && held.isEmpty()) {
                throw new IllegalArgumentException(where + "names nobody after '=' (users, role:agent ...)");
            }
            users.put(queue, Set.copyOf(names));
            roles.put(queue, Set.copyOf(held));
        }
        return new QueueAccess(Map.copyOf(users), Map.copyOf(roles));
    }

    /** Whether the user {@code name} holding {@code held} roles may see and work {@code queue}. */
    boolean sees(String name, Set<String> held, String queue) {
        Set<String> who = users.get(queue);
        return who == null || held.contains(Roles.ADMIN) || who.contains(name)
                || roles.get(queue).stream().anyMatch(held::contains);
    }

    /** Whether {@code queue} is named in {@code queueAccess}: kept to the people it names. */
    boolean restricted(String queue) {
        return users.containsKey(queue);
    }

    /** The queues named in {@code queueAccess}. */
    Set<String> restrictedQueues() {
        return Set.copyOf(users.keySet());
    }

    /** The queues named in {@code queueAccess} that {@code viewer} may not see. */
    Set<String> hidden(Viewer viewer) {
        Set<String> hidden = new HashSet<>();
        users.keySet().stream().filter(q -> !sees(viewer.name(), viewer.roles(), q)).forEach(hidden::add);
        return hidden;
    }

    /**
     * Refuses {@code assignee} for a case of {@code queue} when they may not see it (their roles from
     * the user directory, when it is there), naming {@code assignee}.
     */
    void assignable(String assignee, UserService directory, String queue, Map<String, String> errors) {
        if (assignee == null || queue == null || !users.containsKey(queue)) {
            return;
        }
        Set<String> held = directory == null ? Set.of() : directory.find(assignee).map(User::roles).orElse(Set.of());
        if (!sees(assignee, held, queue)) {
            errors.putIfAbsent("assignee", "'" + assignee + "' may not work the queue " + queue + " (queueAccess)");
        }
    }

    /** The same, refused at once. */
    void requireAssignable(String assignee, UserService directory, String queue) {
        Map<String, String> errors = new HashMap<>();
        assignable(assignee, directory, queue, errors);
        if (!errors.isEmpty()) {
            throw new CaseValidationException(errors);
        }
    }
}
