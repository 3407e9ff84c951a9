package org.rapport.contacts.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.DuplicateCandidate;
import org.rapport.contacts.api.DuplicateFinder;
import org.rapport.persistence.Transactions;

/**
 * Duplicate detection on the contact table's indexes. A contact's candidates are the contacts with
 * its phone, its name, or an email that starts like its own (its local part up to a {@code +} or
 * the first dot); each candidate is then matched as the API describes. All pairs come from joining
 * the table with itself on the phone and on the name keys (at most 10,000 of each): mailbox
 * variants without the same phone or name are found per contact only.
 */
@Component
public class DuplicateFinderImpl implements DuplicateFinder {

    static final int SAME_MAILBOX = 90;
    static final int SAME_PHONE = 60;
    static final int SAME_NAME = 40;

    private final EntityManagerFactory emf;
    private final ContactService contacts;

    @Activate
    public DuplicateFinderImpl(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference ContactService contacts) {
        this.emf = emf;
        this.contacts = contacts;
    }

    @Override
    public List<DuplicateCandidate> duplicatesOf(long contactId) {
        Contact contact = contacts.find(contactId)
                .orElseThrow(() -> new IllegalArgumentException("contact " + contactId + " does not exist"));
        String local = contact.email().substring(0, contact.email().indexOf('@'));
        String base = local.contains("+") ? local.substring(0, local.indexOf('+')) : local;
        List<Long> ids = Transactions.read(emf, em -> em.createQuery("select c.id from ContactEntity c where c.id <> :id "
                + "and c.mergedInto is null and ((c.phone is not null and c.phone = :phone) or (c.firstKey = :first and c.lastKey = :last) "
                + "or c.email like :mailbox escape '\\')", Long.class).setParameter("id", contactId)
                .setParameter("phone", contact.phone() == null ? "-" : contact.phone())
                .setParameter("first", ContactEntity.key(contact.firstName()) == null ? "-" : ContactEntity.key(contact.firstName()))
                .setParameter("last", ContactEntity.key(contact.lastName()) == null ? "-" : ContactEntity.key(contact.lastName()))
                .setParameter("mailbox", base.replace(".", "").isEmpty() ? "-" : mailboxPrefix(base) + "%")
                .setMaxResults(500).getResultList());
        List<DuplicateCandidate> found = new ArrayList<>();
        for (long id : ids) {
            contacts.find(id).flatMap(other -> match(contact, other)).ifPresent(found::add);
        }
        found.sort(Comparator.comparingInt(DuplicateCandidate::score).reversed());
        return found;
    }

    /** The start every email of the mailbox shares: its local part up to the first dot (Gmail ignores dots). */
    private static String mailboxPrefix(String base) {
        String start = base.contains(".") ? base.substring(0, base.indexOf('.')) : base;
        return start.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    public List<DuplicateCandidate> duplicates(int minimumScore, int limit) {
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit is from 1 to 500, not " + limit);
        }
        Map<String, long[]> pairs = new LinkedHashMap<>();
        Transactions.read(emf, em -> {
            addPairs(em, pairs, "select a.id, b.id from ContactEntity a, ContactEntity b where a.mergedInto is null "
                    + "and b.mergedInto is null and a.phone is not null and a.phone = b.phone and a.id < b.id");
            addPairs(em, pairs, "select a.id, b.id from ContactEntity a, ContactEntity b where a.mergedInto is null "
                    + "and b.mergedInto is null and a.firstKey is not null and a.lastKey is not null and a.firstKey = b.firstKey and a.lastKey = b.lastKey and a.id < b.id");
            return null;
        });
        List<DuplicateCandidate> found = new ArrayList<>();
        for (long[] pair : pairs.values()) {
            Contact a = contacts.find(pair[0]).orElse(null);
            Contact b = contacts.find(pair[1]).orElse(null);
            if (a != null && b != null) {
                match(a, b).filter(d -> d.score() >= minimumScore).ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparingInt(DuplicateCandidate::score).reversed()
                .thenComparingLong(d -> d.first().id()));
        return found.size() > limit ? found.subList(0, limit) : found;
    }

    private static void addPairs(EntityManager em, Map<String, long[]> pairs, String jpql) {
        for (Object[] row : em.createQuery(jpql, Object[].class).setMaxResults(10_000).getResultList()) {
            long a = (Long) row[0];
            long b = (Long) row[1];
            pairs.putIfAbsent(a + ":" + b, new long[] {a, b});
        }
    }

    /** Why {@code a} and {@code b} may be the same person, if they may. */
    static Optional<DuplicateCandidate> match(Contact a, Contact b) {
        List<String> reasons = new ArrayList<>();
        int best = 0;
        if (mailbox(a.email()).equals(mailbox(b.email()))) {
            reasons.add("same mailbox");
            best = SAME_MAILBOX;
        }
        if (a.phone() != null && a.phone().equals(b.phone())) {
            reasons.add("same phone");
            best = Math.max(best, SAME_PHONE);
        }
        boolean sameName = a.firstName() != null && a.lastName() != null
                && Objects.equals(ContactEntity.key(a.firstName()), ContactEntity.key(b.firstName()))
                && Objects.equals(ContactEntity.key(a.lastName()), ContactEntity.key(b.lastName()));
        if (sameName && (!reasons.isEmpty() || domain(a.email()).equals(domain(b.email())))) {
            reasons.add(reasons.isEmpty() ? "same name and email domain" : "same name");
            best = Math.max(best, SAME_NAME);
        }
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        int score = Math.min(100, best + 10 * (reasons.size() - 1));
        return Optional.of(new DuplicateCandidate(a, b, score, reasons));
    }

    /** The mailbox an address delivers to: lower case, no {@code +tag}, no dots at Gmail. */
    static String mailbox(String email) {
        String e = email.toLowerCase(Locale.ROOT);
        int at = e.lastIndexOf('@');
        String local = e.substring(0, at);
        String domain = e.substring(at + 1);
        if (local.contains("+")) {
            local = local.substring(0, local.indexOf('+'));
        }
        if (domain.equals("gmail.com") || domain.equals("googlemail.com")) {
            local = local.replace(".", "");
            domain = "gmail.com";
        }
        return local + "@" + domain;
    }

    private static String domain(String email) {
        return email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }
}
