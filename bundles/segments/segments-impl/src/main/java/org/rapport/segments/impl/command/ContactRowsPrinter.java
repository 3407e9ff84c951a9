package org.rapport.segments.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.contacts.api.Contact;

/** Contacts as {@code contacts:list} shows them, so a segment's members read the same. */
final class ContactRowsPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private ContactRowsPrinter() {
    }

    static void print(List<Contact> contacts) {
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        List.of("Email", "First", "Last", "Created").forEach(table::column);
        contacts.forEach(c -> table.addRow().addContent(c.id(), c.email(), c.firstName() == null ? "" : c.firstName(),
                c.lastName() == null ? "" : c.lastName(), TIME.format(c.createdAt())));
        table.print(System.out);
    }
}
