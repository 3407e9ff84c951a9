package org.rapport.contacts.api.shell;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.NewAccount;
import org.rapport.contacts.impl.AccountServiceImpl;
import org.rapport.rest.Roles;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class AccountIdCompleterTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");

    private final AccountIdCompleter completer = new AccountIdCompleter();
    private long acme;
    private long globex;

    @Before
    public void setUp() {
        completer.accounts = new AccountServiceImpl(db.emf());
        acme = completer.accounts.create(new NewAccount("Acme", "acme.example", null, null, null)).id();
        globex = completer.accounts.create(new NewAccount("Globex", "globex.example", null, null, null)).id();
    }

    private List<String> values(String role, String typed) {
        return ShellSessions.values(completer, role, "accounts:show", typed);
    }

    @Test
    public void accountsCompleteByIdOrByTheStartOfTheirName() {
        assertEquals(List.of(Long.toString(acme), Long.toString(globex)), values(Roles.AGENT, ""));
        assertEquals(List.of(Long.toString(globex)), values(Roles.ANALYST, "glo"));
        assertEquals(List.of(Long.toString(acme)), values(Roles.AGENT, Long.toString(acme)));
        assertEquals(acme + "  Acme", ShellSessions.complete(completer, Roles.AGENT, "accounts:show", "ac").get(0).displ());
    }

    @Test
    public void aRoleThatCannotReadAccountsIsOfferedNone() {
        assertEquals(List.of(), values(Roles.PARTNER, ""));
    }
}
