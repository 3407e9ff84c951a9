package org.rapport.contacts.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.contacts.api.Account;
import org.rapport.contacts.api.AccountService;

/** {@code accounts:list [text]}: accounts by name, those whose name or domain starts with the text. */
@Service
@Command(scope = "accounts", name = "list", description = "Lists accounts by name; with a text, those whose name or "
        + "domain starts with it")
public class AccountListCommand implements Action {

    @Option(name = "--offset")
    int offset;

    @Option(name = "--limit")
    int limit = 50;

    @Argument(index = 0, name = "text")
    String text;

    @Reference
    AccountService accounts;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Name");
        table.column("Domain");
        table.column("Industry");
        table.column("Owner");
        table.column("Contacts").alignRight();
        for (Account a : accounts.list(text, offset, limit)) {
            table.addRow().addContent(a.id(), a.name(), a.domain(), a.industry(), a.owner(), accounts.countContacts(a.id()));
        }
        table.print(System.out);
        System.out.println(accounts.count(text) + " accounts");
        return null;
    }
}
