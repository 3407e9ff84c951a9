package org.rapport.service.impl.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.service.api.CaseEntry;

/** {@code cases:message <id> <text>}: a message from the customer, as an agent took it. */
@Service
@Command(scope = "cases", name = "message", description = "Adds what the customer said (on a call, at the desk) to a case")
public class CaseMessageCommand extends CaseTextCommand {

    @Override
    CaseEntry write(String actor) {
        return cases.message(caseId, text, actor);
    }
}
