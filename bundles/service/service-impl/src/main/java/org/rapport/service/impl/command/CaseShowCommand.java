package org.rapport.service.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.service.api.CaseService;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.impl.CaseAttachments;
import org.rapport.service.impl.QueueGuard;
import org.rapport.service.impl.Viewer;

/** {@code cases:show <id>}: a case, its targets and its whole thread, oldest entry first, then its attachments. */
@Service
@Command(scope = "cases", name = "show", description = "Shows a case with its targets and its thread")
public class CaseShowCommand implements Action {

    @Argument(index = 0, name = "case", description = "The case's id", required = true)
    @Completion(CaseIdCompleter.class)
    long caseId;

    @Reference
    CaseService cases;

    @Reference
    QueueGuard guard;

    @Reference
    CaseAttachments files;

    @Override
    public Object execute() {
        ServiceCase c = guard.visible(caseId, Viewer.shell());
        CaseText.show(c, cases.thread(caseId), System.out);
        for (CaseAttachments.Info f : files.list(caseId)) {
            System.out.println();
            System.out.println("Attachment " + f.id() + " of entry " + f.entryId() + ": " + CaseText.line(f.name()) + " ("
                    + f.contentType() + ", " + f.size() + " bytes; GET /api/v1/cases/" + caseId + "/attachments/" + f.id()
                    + ")");
        }
        return null;
    }
}
