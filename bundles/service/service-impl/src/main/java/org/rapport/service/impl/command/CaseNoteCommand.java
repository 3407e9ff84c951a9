package org.rapport.service.impl.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.service.api.CaseEntry;

/** {@code cases:note <id> <text>}: an internal note. */
@Service
@Command(scope = "cases", name = "note", description = "Adds an internal note to a case, for colleagues only")
public class CaseNoteCommand extends CaseTextCommand {

    @Override
    CaseEntry write(String actor) {
        return cases.note(caseId, text, actor);
    }
}
