package org.rapport.service.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.rapport.rest.security.ShellUser;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.CaseService;
import org.rapport.service.impl.QueueGuard;
import org.rapport.service.impl.Viewer;

/** A command that adds an entry of text to a case's thread: {@code cases:reply}, {@code cases:note}, {@code cases:message}. */
abstract class CaseTextCommand implements Action {

    @Argument(index = 0, name = "case", description = "The case's id", required = true)
    @Completion(CaseIdCompleter.class)
    long caseId;

    @Argument(index = 1, name = "text", description = "The text (quote it; line breaks as typed)", required = true)
    String text;

    @Reference
    CaseService cases;

    @Reference
    QueueGuard guard;

    /** Adds the entry as {@code actor}. */
    abstract CaseEntry write(String actor);

    @Override
    public Object execute() {
        guard.visible(caseId, Viewer.shell());
        CaseEntry entry = write(ShellUser.name());
        System.out.println("Case " + caseId + ": " + entry.kind().label() + " " + entry.id() + " added; the case is "
                + cases.find(caseId).map(c -> c.status().label()).orElse("gone") + "."
                + (entry.delivery() == null ? "" : " Message " + (entry.messageId() == null ? "" : entry.messageId() + " ")
                + entry.delivery() + (entry.deliveryReason() == null ? "" : ": " + entry.deliveryReason()) + "."));
        return null;
    }
}
