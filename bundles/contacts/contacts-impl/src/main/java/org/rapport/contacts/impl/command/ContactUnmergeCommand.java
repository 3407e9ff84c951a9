package org.rapport.contacts.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.ContactMerger;
import org.rapport.contacts.api.Merge;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.rest.security.ShellUser;

/** {@code contacts:unmerge <mergeId>}: undoes a merge. */
@Service
@Command(scope = "contacts", name = "unmerge", description = "Undoes a merge: both contacts and their timelines come back")
public class ContactUnmergeCommand implements Action {

    @Argument(index = 0, name = "mergeId", required = true)
    long mergeId;

    @Reference
    ContactMerger merger;

    @Reference(optional = true)
    EventAdmin events;

    @Override
    public Object execute() {
        Merge undone = merger.undo(mergeId, ShellUser.name());
        ContactAudit.other(events, ShellUser.name(), "contact.unmerge", "contact " + undone.survivorId(),
                "contact " + undone.mergedId() + " separated again (merge " + mergeId + " undone)");
        System.out.println("Merge " + mergeId + " undone: contacts " + undone.survivorId() + " and " + undone.mergedId()
                + " are separate again");
        return null;
    }
}
