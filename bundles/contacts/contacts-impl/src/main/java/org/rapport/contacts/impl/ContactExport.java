package org.rapport.contacts.impl;

import static org.rapport.contacts.api.ContactTransfer.FIELDS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;

import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.persistence.Transactions;
import org.rapport.rest.CsvCells;

/** Writes every live contact as CSV or JSON, a page of contacts at a time. */
final class ContactExport {

    private static final int EXPORT_PAGE = 1000;

    private final EntityManagerFactory emf;
    private final ContactProperties properties;

    ContactExport(EntityManagerFactory emf, ContactProperties properties) {
        this.emf = emf;
        this.properties = properties;
    }

    void csv(Writer out) throws IOException {
        List<String> headings = new ArrayList<>(List.of("id"));
        headings.addAll(FIELDS);
        List<String> defined = properties.definitions().stream().map(PropertyDefinition::name).toList();
        headings.addAll(defined);
        // Every cell through CsvCells: names, tags and properties come from agents, imports and forms,
        // and the file is opened in spreadsheets.
        CsvCells.writeRecord(out, headings);
        forEachContact(c -> {
            try {
                List<Object> cells = new ArrayList<>(List.of(c.id(), c.email()));
                Address a = c.address();
                cells.addAll(Arrays.asList(c.firstName(), c.lastName(), c.phone(), c.language(),
                        c.preferredChannel() == null ? null : c.preferredChannel().label(), String.join(";", c.tags()),
                        a.street(), a.locality(), a.region(), a.postalCode(), a.country(), c.owner(), c.accountId(),
                        c.timeZone()));
                defined.forEach(name -> {
                    Object value = c.properties().get(name);
                    cells.add(value == null ? null : ContactPropertyEntity.text(value));
                });
                CsvCells.writeRecord(out, cells);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.flush();
    }

    void json(Writer out) throws IOException {
        out.write('[');
        boolean[] first = {true};
        forEachContact(c -> {
            try {
                out.write(first[0] ? "\n" : ",\n");
                first[0] = false;
                out.write(ContactJson.write(c));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        out.write("\n]\n");
        out.flush();
    }

    private void forEachContact(Consumer<Contact> each) throws IOException {
        long after = -1;
        while (true) {
            long from = after;
            List<Contact> page = Transactions.read(emf, em -> ContactRows.withDetails(em, em.createQuery(
                    "select c from ContactEntity c where c.id > :after and c.mergedInto is null order by c.id", ContactEntity.class)
                    .setParameter("after", from).setMaxResults(EXPORT_PAGE).getResultList()));
            if (page.isEmpty()) {
                return;
            }
            try {
                page.forEach(each);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            after = page.get(page.size() - 1).id();
        }
    }
}
