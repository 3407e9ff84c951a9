package org.rapport.contacts.api.shell;

import java.util.List;
import java.util.OptionalLong;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.contacts.api.Account;
import org.rapport.contacts.api.AccountService;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;

/**
 * Completes an account id: with digits, that account; otherwise the accounts whose name or domain
 * starts with the text, by name. Each candidate shows the name and domain beside the id.
 */
@Service
public class AccountIdCompleter extends BoundedCompleter {

    @Reference
    AccountService accounts;

    public AccountIdCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return matches(typed).stream().map(a -> {
            String id = Long.toString(a.id());
            return candidate(id, id + "  " + a.name(), a.domain());
        }).toList();
    }

    private List<Account> matches(String typed) {
        OptionalLong id = id(typed);
        if (id.isPresent()) {
            return accounts.find(id.getAsLong()).map(List::of).orElse(List.of());
        }
        return accounts.list(typed.isEmpty() ? null : typed, 0, LIMIT);
    }
}
