package org.rapport.privacy.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.privacy.spi.AuditEntry;
import org.rapport.privacy.spi.AuditLog;
import org.rapport.rest.shell.UserNameCompleter;

/** {@code audit:log [--subject S] [--actor A] [--action PREFIX] [--limit N]}: the audit log, newest first. */
@Service
@Command(scope = "audit", name = "log", description = "Shows the audit log, newest first: who changed what, when, "
        + "before and after")
public class AuditLogCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(name = "--subject", description = "Only entries about this, such as \"contact 17\"")
    String subject;

    @Option(name = "--actor", description = "Only changes by this user")
    @Completion(UserNameCompleter.class)
    String actor;

    @Option(name = "--action", description = "Only actions starting with this, such as consent. or rules.")
    String action;

    @Option(name = "--limit", description = "Entries to show")
    int limit = 50;

    @Reference
    AuditLog audit;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("When");
        table.column("Who");
        table.column("Action");
        table.column("Subject");
        table.column("Before").maxSize(60);
        table.column("After").maxSize(60);
        for (AuditEntry e : audit.find(subject, actor, action, limit)) {
            table.addRow().addContent(TIME.format(e.at()), e.actor(), e.action(), e.subject(),
                    e.before() == null ? "" : e.before(), e.after() == null ? "" : e.after());
        }
        table.print(System.out);
        return null;
    }
}
