package org.rapport.service.impl;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.rapport.contacts.api.Channel;
import org.rapport.rest.Roles;
import org.rapport.rest.security.User;
import org.rapport.rest.security.UserService;
import org.rapport.service.api.CasePriority;
import org.rapport.service.api.CaseValidationException;

/** The checks of what people hand in: every field at fault is named at once, with a short quote of the value. */
final class CaseInput {

    static final int SUBJECT = 200;
    private static final Pattern QUEUE = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private CaseInput() {
    }

    /** A one-line subject of at most 200 characters. */
    static String subject(String value, Map<String, String> errors) {
        String s = value == null ? "" : value.strip();
        if (s.isEmpty()) {
            errors.put("subject", "is required");
        } else if (s.length() > SUBJECT) {
            errors.put("subject", "is longer than " + SUBJECT + " characters");
        } else if (s.chars().anyMatch(Character::isISOControl)) {
            errors.put("subject", "holds a control character or a line break; one line of text");
        }
        return s;
    }

    /** Text of a thread entry: at most {@code max} characters, tabs and line breaks but no other control character. */
    static String text(String field, String value, int max, Map<String, String> errors) {
        String s = value == null ? "" : value.strip();
        if (s.isEmpty()) {
            errors.put(field, "is required");
        } else if (s.length() > max) {
            errors.put(field, "is longer than " + max + " characters");
        } else if (s.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
            errors.put(field, "holds a control character other than a tab or a line break");
        }
        return s;
    }

    /** One text field, refused on its own. */
    static String text(String field, String value, int max) {
        Map<String, String> errors = new LinkedHashMap<>();
        String s = text(field, value, max, errors);
        if (!errors.isEmpty()) {
            throw new CaseValidationException(errors);
        }
        return s;
    }

    /** The channel's label ({@code email}, {@code in-person}); email when none is given. */
    static String channel(String value, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return Channel.EMAIL.label();
        }
        try {
            return Channel.parse(value).label();
        } catch (IllegalArgumentException e) {
            errors.put("channel", "'" + CaseValidationException.shorten(value) + "' is not a channel; one of "
                    + Channel.names());
            return null;
        }
    }

    /** The priority, normal when none is given; null (and the error) for one that is not. */
    static CasePriority priority(String value, Map<String, String> errors) {
        try {
            return CasePriority.parse(value);
        } catch (CaseValidationException e) {
            errors.putAll(e.fieldErrors());
            return null;
        }
    }

    /**
     * One of {@code queues}, the queues the caller may choose (all configured ones for the system);
     * the first of them when none is given. Null, and the error, for any other: a queue the caller may
     * not see is refused exactly as one that does not exist, naming only the caller's queues.
     */
    static String queue(String value, List<String> queues, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            if (queues.isEmpty()) {
                errors.put("queue", "is required: " + choice(queues));
                return null;
            }
            return queues.get(0);
        }
        String q = value.strip();
        if (!queues.contains(q)) {
            errors.put("queue", "'" + CaseValidationException.shorten(q) + "' is not a queue; " + choice(queues));
            return null;
        }
        return q;
    }

    /** What a refusal says of the queues the caller may choose, naming no other. */
    static String choice(List<String> queues) {
        return queues.isEmpty() ? "there is no queue you may see" : "one of " + String.join(", ", queues);
    }

    /**
     * An assignee: a user with the agent or administrator role, checked against the user directory
     * when it is there (else a name of one line); null for nobody.
     */
    static String assignee(String name, UserService directory, Map<String, String> errors) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.strip();
        if (directory != null) {
            Optional<User> user = directory.find(n);
            if (user.isEmpty() || user.get().roles().stream().noneMatch(r -> r.equals(Roles.AGENT) || r.equals(Roles.ADMIN))) {
                errors.put("assignee", "there is no agent '" + CaseValidationException.shorten(n) + "'");
            }
        } else if (n.length() > 120 || n.chars().anyMatch(Character::isISOControl)) {
            errors.put("assignee", "'" + CaseValidationException.shorten(n) + "' is not a user name");
        }
        return n;
    }

    /** A list setting's values: a .cfg file gives one comma-separated string, a .config file an array. */
    static List<String> list(String[] configured) {
        return Arrays.stream(configured).flatMap(value -> Arrays.stream(value.split(","))).map(String::strip)
                .filter(value -> !value.isEmpty()).toList();
    }

    /** The configured queues, each checked. */
    static List<String> queues(String[] configured) {
        List<String> queues = list(configured);
        for (String q : queues) {
            if (!QUEUE.matcher(q).matches()) {
                throw new IllegalArgumentException("etc/" + ServiceConfig.PID + ".cfg: queues: '" + q
                        + "' is not a queue name (lower-case letters, digits, '-', at most 40)");
            }
        }
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("etc/" + ServiceConfig.PID + ".cfg: queues: name at least one queue");
        }
        return queues;
    }
}
