package org.rapport.contacts.impl;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.NewContact;
import org.rapport.persistence.Transactions;

@Component(service = ContactService.class)
public class ContactServiceImpl implements ContactService {

    /** Deliberately simple: one '@', a dot in the domain, no spaces. Deliverability is checked by sending. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_PAGE = 1000;

    private final EntityManagerFactory emf;
    private final Clock clock;

    @Activate
    public ContactServiceImpl(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf) {
        this(emf, Clock.systemUTC());
    }

    ContactServiceImpl(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    @Override
    public Contact create(NewContact contact) {
        String email = contact.email() == null ? "" : contact.email().strip().toLowerCase(Locale.ROOT);
        String first = trimToNull(contact.firstName());
        String last = trimToNull(contact.lastName());
        Map<String, String> errors = new LinkedHashMap<>();
        if (email.isEmpty()) {
            errors.put("email", "is required");
        } else if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            errors.put("email", "'" + contact.email() + "' is not an email address");
        }
        checkLength(errors, "firstName", first);
        checkLength(errors, "lastName", last);
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            return insert(email, first, last, now);
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                // Another transaction stored the same address between our check and our insert.
                throw new ContactValidationException(Map.of("email", email + " is already used by another contact"), true);
            }
            throw e;
        }
    }

    private Contact insert(String email, String first, String last, Instant now) {
        return Transactions.inTransaction(emf, em -> {
            List<Long> existing = em.createQuery("select c.id from ContactEntity c where c.email = :email", Long.class)
                    .setParameter("email", email).getResultList();
            if (!existing.isEmpty()) {
                throw new ContactValidationException(
                        Map.of("email", email + " is already used by contact " + existing.get(0)), true);
            }
            ContactEntity entity = new ContactEntity(email, first, last, now);
            em.persist(entity);
            em.flush();
            return entity.toDto();
        });
    }

    @Override
    public Optional<Contact> find(long id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(ContactEntity.class, id)).map(ContactEntity::toDto));
    }

    @Override
    public List<Contact> list(int offset, int limit, String sortBy, boolean descending) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("offset must be >= 0 and limit between 1 and " + MAX_PAGE);
        }
        if (!SORTABLE.contains(sortBy)) {
            throw new IllegalArgumentException("cannot sort contacts by '" + sortBy + "'; one of " + new TreeSet<>(SORTABLE));
        }
        // sortBy is one of the fixed field names above, never caller text.
        String direction = descending ? " desc" : "";
        String order = "id".equals(sortBy) ? "c.id" + direction : "c." + sortBy + direction + ", c.id" + direction;
        return Transactions.read(emf, em -> em.createQuery("select c from ContactEntity c order by " + order, ContactEntity.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                .map(ContactEntity::toDto).collect(Collectors.toList()));
    }

    @Override
    public long count() {
        return Transactions.read(emf, em -> em.createQuery("select count(c) from ContactEntity c", Long.class).getSingleResult());
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    private static void checkLength(Map<String, String> errors, String field, String value) {
        if (value != null && value.length() > 100) {
            errors.put(field, "is longer than 100 characters");
        }
    }

    private static String trimToNull(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return value.strip();
    }
}
