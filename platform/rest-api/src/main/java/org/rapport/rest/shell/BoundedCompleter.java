package org.rapport.rest.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.annotation.versioning.ConsumerType;
import org.rapport.rest.security.ShellUser;

/**
 * A completer that offers candidates only to a user holding one of its roles (the roles that may
 * read what it names), and at most {@link #LIMIT} of them: a completion runs at every Tab, so it
 * must stay cheap on a large database and must not show an agent what the REST API would refuse.
 *
 * <p>Karaf finds the completer named in {@code @Completion(X.class)} in its session registry by
 * class, and the registry holds only the {@code @Service} classes of the packages a bundle names in
 * its {@code Karaf-Commands} header. A shared completer therefore lives in an exported package of
 * the bundle that owns what it names, which carries that header: Karaf registers it once, with its
 * {@code @Reference} fields set, and every command bundle importing the package names it.
 */
@ConsumerType
public abstract class BoundedCompleter implements Completer {

    /** The most candidates a completion offers. */
    public static final int LIMIT = 20;

    private final String[] roles;

    /** @param roles the roles that may see the candidates; an administrator always may */
    protected BoundedCompleter(String... roles) {
        this.roles = roles.clone();
    }

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        List<Candidate> found = new ArrayList<>();
        completeCandidates(session, line, found);
        found.forEach(c -> candidates.add(c.value()));
        return candidates.isEmpty() ? -1 : line.getBufferPosition() - line.getArgumentPosition();
    }

    @Override
    public void completeCandidates(Session session, CommandLine line, List<Candidate> candidates) {
        if (ShellUser.hasRole(roles)) {
            candidates.addAll(candidates(typed(line), line).stream().limit(LIMIT).toList());
        }
    }

    /**
     * The candidates for what the user typed so far in the argument, at most {@link #LIMIT}: ask
     * the service for no more than that.
     *
     * @param typed the argument up to the cursor, perhaps empty
     * @param line the whole command line, for a completer that depends on another argument
     */
    protected abstract List<Candidate> candidates(String typed, CommandLine line);

    /** The argument under the cursor, up to the cursor. */
    static String typed(CommandLine line) {
        String argument = line.getCursorArgument() == null ? "" : line.getCursorArgument();
        return argument.substring(0, Math.min(argument.length(), line.getArgumentPosition())).strip();
    }

    /** The id typed, when it is digits that fit a {@code long}: a completer then looks it up alone. */
    protected static OptionalLong id(String typed) {
        if (typed.isEmpty() || !typed.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(typed));
        } catch (NumberFormatException tooLong) {
            return OptionalLong.empty();
        }
    }

    /** A candidate completing to {@code value}, shown as {@code display} with a description. */
    protected static Candidate candidate(String value, String display, String description) {
        return new Candidate(value, display, null, description, null, null, true);
    }

    /** The names that start with what was typed, in their order, at most {@link #LIMIT}. */
    protected static List<Candidate> startingWith(String typed, Stream<String> names) {
        return names.filter(name -> name.startsWith(typed)).limit(LIMIT)
                .map(name -> candidate(name, name, null)).toList();
    }
}
