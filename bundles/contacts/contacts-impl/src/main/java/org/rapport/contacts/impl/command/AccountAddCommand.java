package org.rapport.contacts.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.Account;
import org.rapport.contacts.api.AccountService;
import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.NewAccount;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.rest.security.ShellUser;
import org.rapport.rest.shell.UserNameCompleter;

/** {@code accounts:add --domain acme.example "Acme Ltd"}: adds an account and prints its id. */
@Service
@Command(scope = "accounts", name = "add", description = "Adds an account (an organisation) and prints its id")
public class AccountAddCommand implements Action {

    @Option(name = "--domain", description = "Web or mail domain, such as acme.example")
    String domain;

    @Option(name = "--industry", description = "Industry, such as retail")
    String industry;

    @Option(name = "--owner", description = "The user responsible for the account")
    @Completion(UserNameCompleter.class)
    String owner;

    @Option(name = "--locality", description = "Town or city")
    String locality;

    @Option(name = "--country", description = "ISO 3166 country code, such as DE")
    String country;

    @Argument(index = 0, name = "name", required = true)
    String name;

    @Reference
    AccountService accounts;

    @Reference(optional = true)
    EventAdmin events;

    @Override
    public Object execute() {
        Account account = accounts.create(new NewAccount(name, domain, industry,
                new Address(null, locality, null, null, country), owner));
        ContactAudit.other(events, ShellUser.name(), "account.create", "account " + account.id(), account.toString());
        System.out.println("Account " + account.id() + " added: " + account.name());
        return null;
    }
}
