package org.rapport.service.impl.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.service.api.CaseEntry;

/** {@code cases:reply <id> <text>}: an agent's answer to the customer. */
@Service
@Command(scope = "cases", name = "reply", description = "Replies to the customer on a case (the first reply meets the first-response target)")
public class CaseReplyCommand extends CaseTextCommand {

    @Override
    CaseEntry write(String actor) {
        return cases.reply(caseId, text, actor);
    }
}
