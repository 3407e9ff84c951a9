package org.rapport.rules.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rest.shell.ContactIdCompletion;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.LedgerEntry;

/** {@code rules:why <subject>}: the decisions applied about a contact (or other subject), newest first. */
@Service
@Command(scope = "rules", name = "why",
        description = "Shows the decisions applied about a subject (a contact id), with rule, release and facts")
public class RulesWhyCommand implements Action {

    @Argument(index = 0, name = "subject", description = "Contact id or other subject of decisions", required = true)
    @Completion(ContactIdCompletion.class)
    String subject;

    @Option(name = "--limit", description = "How many decisions to show")
    int limit = 20;

    @Reference
    DecisionLedger ledger;

    @Override
    public Object execute() {
        List<LedgerEntry> entries = ledger.about(subject, limit);
        if (entries.isEmpty()) {
            System.out.println("No decision has been applied about " + subject + ".");
            return null;
        }
        for (LedgerEntry entry : entries) {
            Decision d = entry.decision();
            System.out.println(RulesListCommand.TIME.format(entry.recordedAt()) + "  " + d.type() + " " + d.attributes()
                    + "\n    by \"" + d.rule() + "\" (" + d.rulePackage() + " v" + d.release() + ")"
                    + (entry.facts() == null ? "" : "\n    on " + entry.facts()));
        }
        return null;
    }
}
