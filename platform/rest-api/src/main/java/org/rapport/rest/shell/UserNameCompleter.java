package org.rapport.rest.shell;

import java.util.List;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.rest.Roles;
import org.rapport.rest.security.User;
import org.rapport.rest.security.UserService;

/**
 * Completes the name of a person who may sign in, with their roles beside it; only an
 * administrator sees the users, as in {@code admin:users}.
 */
@Service
public class UserNameCompleter extends BoundedCompleter {

    @Reference
    UserService users;

    public UserNameCompleter() {
        super(Roles.ADMIN);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return users.list().stream().filter(u -> u.name().startsWith(typed)).limit(LIMIT)
                .map(u -> candidate(u.name(), u.name(), String.join(", ", new TreeSet<>(u.roles())))).toList();
    }
}
