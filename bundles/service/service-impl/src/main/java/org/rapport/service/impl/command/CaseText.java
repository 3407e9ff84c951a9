package org.rapport.service.impl.command;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.ServiceCase;

/**
 * How the commands print cases: text as the characters it holds, never as terminal controls (a
 * control character other than a line break or tab is shown as {@code \\u001b}), a subject on one line.
 */
final class CaseText {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("UTC"));

    private CaseText() {
    }

    /** The text with every control character but line breaks and tabs escaped. */
    static String escaped(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** The text escaped, on one line. */
    static String line(String text) {
        return escaped(text).replace("\n", " ").replace("\t", " ");
    }

    static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    static void table(List<ServiceCase> cases, PrintStream out) {
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Subject").maxSize(40);
        table.column("Contact").alignRight();
        table.column("Channel");
        table.column("Priority");
        table.column("Queue");
        table.column("Assignee");
        table.column("Status");
        table.column("Reply due (UTC)");
        table.column("Resolve by (UTC)");
        for (ServiceCase c : cases) {
            table.addRow().addContent(c.id(), line(c.subject()), c.contactId(), c.channel(), c.priority().label(), c.queue(),
                    c.assignee(), c.status().label(), c.firstResponseAt() == null ? time(c.firstResponseDue()) : "answered",
                    time(c.resolutionDue()));
        }
        table.print(out);
    }

    static void show(ServiceCase c, List<CaseEntry> thread, PrintStream out) {
        out.println("Case " + c.id() + ": " + line(c.subject()));
        out.println("Contact " + c.contactId() + ", " + c.channel() + ", " + c.priority().label() + " priority, queue "
                + c.queue() + ", " + (c.assignee() == null ? "unassigned" : "assigned to " + c.assignee()) + ", "
                + c.status().label() + (c.tier() == null ? "" : ", customer tier " + c.tier()));
        out.println("First reply due " + (c.firstResponseDue() == null ? "(no target)" : time(c.firstResponseDue())
                + " UTC by \"" + c.firstResponseRule() + "\"") + (c.firstResponseAt() == null ? ""
                : ", answered " + time(c.firstResponseAt())));
        out.println("Resolve by " + (c.resolutionDue() == null ? "(no target)" : time(c.resolutionDue()) + " UTC by \""
                + c.resolutionRule() + "\"") + (c.slaRelease() == null ? "" : " (service v" + c.slaRelease()
                + "; rules:why " + c.decisionSubject() + ")"));
        for (CaseEntry e : thread) {
            out.println();
            out.println(time(e.createdAt()) + "  " + e.kind().label() + " by " + line(e.author())
                    + (e.delivery() == null ? "" : ", " + e.delivery() + (e.messageId() == null ? "" : " (message "
                    + e.messageId() + ")") + (e.deliveryReason() == null ? "" : ": " + line(e.deliveryReason()))));
            for (String l : escaped(e.text()).split("\n", -1)) {
                out.println("    " + l);
            }
        }
    }
}
