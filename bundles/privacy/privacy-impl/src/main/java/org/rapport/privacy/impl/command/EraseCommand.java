package org.rapport.privacy.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.privacy.api.ErasureReport;
import org.rapport.privacy.api.ErasureService;
import org.rapport.rest.security.ShellUser;

/** {@code privacy:erase --confirm <contactId>}: erases a contact's personal data everywhere and prints the report. */
@Service
@Command(scope = "privacy", name = "erase", description = "Erases a contact's personal data from every bundle and "
        + "plugin that keeps some, and prints what each removed")
public class EraseCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The contact to forget", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Option(name = "--confirm", description = "Required: erasure cannot be undone")
    boolean confirm;

    @Reference
    ErasureService erasure;

    @Override
    public Object execute() {
        if (!confirm) {
            throw new IllegalArgumentException("erasure cannot be undone; run it again with --confirm");
        }
        ErasureReport report = erasure.erase(contactId, ShellUser.name());
        System.out.println("Erasure " + report.id() + " of contact " + contactId + ": "
                + (report.complete() ? "complete" : "INCOMPLETE"));
        report.outcomes().forEach(o -> System.out.println("  " + o.participant() + ": "
                + (o.error() == null ? o.removed() : "FAILED: " + o.error())));
        report.unreached().forEach(u -> System.out.println("  not reached (no erasure participant): " + u));
        return null;
    }
}
