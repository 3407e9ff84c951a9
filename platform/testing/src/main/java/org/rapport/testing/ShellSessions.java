package org.rapport.testing;

import java.security.PrivilegedAction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;

/** Runs code as Karaf runs a shell session's: inside the JAAS subject of a user with one role. */
public final class ShellSessions {

    private ShellSessions() {
    }

    /** What {@code work} returns when a user holding {@code role} runs it in a shell session. */
    public static <T> T as(String role, Supplier<T> work) {
        Subject session = new Subject();
        session.getPrincipals().add(new UserPrincipal("a-" + role));
        session.getPrincipals().add(new RolePrincipal(role));
        return Subject.doAs(session, (PrivilegedAction<T>) work::get);
    }

    /**
     * The candidates a completer offers a user holding {@code role} who typed {@code words} (the
     * command first) with the cursor at the end of the last one, as Tab asks for them.
     */
    public static List<Candidate> complete(Completer completer, String role, String... words) {
        String buffer = String.join(" ", words);
        String typed = words[words.length - 1];
        List<Candidate> candidates = new ArrayList<>();
        return as(role, () -> {
            completer.completeCandidates(null, new CommandLineImpl(words, words.length - 1, typed.length(),
                    buffer.length(), buffer), candidates);
            return candidates;
        });
    }

    /** The values of the candidates {@link #complete} finds. */
    public static List<String> values(Completer completer, String role, String... words) {
        return complete(completer, role, words).stream().map(Candidate::value).toList();
    }
}
