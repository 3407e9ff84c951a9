package org.rapport.contacts.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.Account;
import org.rapport.contacts.api.AccountService;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.shell.AccountIdCompleter;

/** {@code accounts:show <id>}: an account's details and its first contacts. */
@Service
@Command(scope = "accounts", name = "show", description = "Shows an account and its contacts")
public class AccountShowCommand implements Action {

    private static final int SHOWN = 20;

    @Argument(index = 0, name = "id", required = true)
    @Completion(AccountIdCompleter.class)
    long id;

    @Reference
    AccountService accounts;

    @Override
    public Object execute() {
        Account a = accounts.find(id).orElseThrow(() -> new IllegalArgumentException("there is no account " + id));
        ContactShowCommand.line("Account", a.id() + " " + a.name());
        ContactShowCommand.line("Domain", a.domain());
        ContactShowCommand.line("Industry", a.industry());
        ContactShowCommand.line("Address", a.address().isEmpty() ? null : a.address().oneLine());
        ContactShowCommand.line("Owner", a.owner());
        long count = accounts.countContacts(id);
        ContactShowCommand.line("Contacts", Long.toString(count));
        for (Contact c : accounts.contacts(id, 0, SHOWN)) {
            System.out.println("  " + c.id() + " " + c.displayName() + " <" + c.email() + ">");
        }
        if (count > SHOWN) {
            System.out.println("  ... and " + (count - SHOWN) + " more: contacts:find account:" + id);
        }
        return null;
    }
}
