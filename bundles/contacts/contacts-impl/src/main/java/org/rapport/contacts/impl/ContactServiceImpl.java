package org.rapport.contacts.impl;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.LastSeen;
import org.rapport.contacts.api.NewContact;
import org.rapport.persistence.Transactions;
import org.rapport.rest.security.UserService;

@Component(service = ContactService.class)
public class ContactServiceImpl implements ContactService {

    private static final int MAX_PAGE = 1000;

    private final EntityManagerFactory emf;
    private final ContactProperties properties;
    private final Clock clock;
    private final CommonPrefixes commonPrefixes = new CommonPrefixes();

    /** Owners are checked against the users when the user directory is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UserService users;

    /** Outside a container: with the property definitions stored in the same database. */
    public ContactServiceImpl(EntityManagerFactory emf) {
        this(emf, new ContactPropertiesImpl(emf), Clock.systemUTC());
    }

    @Activate
    public ContactServiceImpl(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference ContactProperties properties) {
        this(emf, properties, Clock.systemUTC());
    }

    public ContactServiceImpl(EntityManagerFactory emf, ContactProperties properties, Clock clock) {
        this.emf = emf;
        this.properties = properties;
        this.clock = clock;
        backfillSearchKeys();
    }

    /** The user directory owners are checked against; for tests outside a container. */
    void users(UserService directory) {
        this.users = directory;
    }

    /** Contacts stored before names had search keys get them once. */
    private void backfillSearchKeys() {
        Transactions.inTransaction(emf, em -> em.createQuery("update ContactEntity c set c.firstKey = lower(c.firstName), "
                + "c.lastKey = lower(c.lastName) where (c.firstKey is null and c.firstName is not null) "
                + "or (c.lastKey is null and c.lastName is not null)").executeUpdate());
    }

    @Override
    public Contact create(NewContact contact) {
        ContactDetails details = details(contact);
        Instant now = now();
        return store(details, () -> Transactions.inTransaction(emf, em -> {
            requireFree(em, details.email(), -1);
            requireAccount(em, details.accountId());
            ContactEntity entity = new ContactEntity(details, now);
            em.persist(entity);
            em.flush();
            return entity.toDto(replaceTags(em, entity.id(), details.tags()),
                    replaceProperties(em, entity.id(), details.properties()));
        }));
    }

    @Override
    public Contact update(long id, NewContact contact) {
        ContactDetails details = details(contact);
        Instant now = now();
        return store(details, () -> Transactions.inTransaction(emf, em -> {
            ContactEntity entity = em.find(ContactEntity.class, id);
            if (entity == null) {
                throw new ContactValidationException(Map.of("id", "there is no contact " + id));
            }
            requireFree(em, details.email(), id);
            requireAccount(em, details.accountId());
            entity.apply(details, now);
            em.flush();
            return entity.toDto(replaceTags(em, id, details.tags()), replaceProperties(em, id, details.properties()));
        }));
    }

    private ContactDetails details(NewContact contact) {
        return details(contact, properties, users, account -> Transactions.read(emf,
                em -> em.find(AccountEntity.class, account) != null));
    }

    /**
     * The details checked in themselves, against the property definitions, and against the users
     * and accounts when those checks are given; every field at fault is named at once.
     */
    static ContactDetails details(NewContact contact, ContactProperties properties, UserService directory,
            LongPredicate accountExists) {
        Map<String, String> errors = new LinkedHashMap<>();
        ContactDetails details = null;
        try {
            details = ContactDetails.of(contact, properties::definition);
        } catch (ContactValidationException e) {
            errors.putAll(e.fieldErrors());
        }
        String owner = contact == null || contact.owner() == null ? null : contact.owner().strip();
        if (owner != null && !owner.isEmpty() && !errors.containsKey("owner") && directory != null
                && directory.find(owner).isEmpty()) {
            errors.put("owner", "there is no user '" + owner + "'");
        }
        Long account = contact == null ? null : contact.accountId();
        if (account != null && !errors.containsKey("accountId") && accountExists != null
                && !accountExists.test(account)) {
            errors.put("accountId", "there is no account " + account);
        }
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        return details;
    }

    static void requireAccount(EntityManager em, Long accountId) {
        if (accountId != null && em.find(AccountEntity.class, accountId) == null) {
            throw new ContactValidationException(Map.of("accountId", "there is no account " + accountId));
        }
    }

    static Map<String, Object> replaceProperties(EntityManager em, long contactId, SortedMap<String, Object> values) {
        em.createQuery("delete from ContactPropertyEntity v where v.contactId = :id").setParameter("id", contactId)
                .executeUpdate();
        values.forEach((name, value) -> em.persist(new ContactPropertyEntity(contactId, name, value)));
        return values;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Contact store(ContactDetails details, Supplier<Contact> write) {
        try {
            return write.get();
        } catch (PersistenceException e) {
            if (isUniqueViolation(e)) {
                // Another transaction stored the same address between our check and our write.
                throw new ContactValidationException(Map.of("email", details.email() + " is already used by another contact"),
                        true);
            }
            throw e;
        }
    }

    private static void requireFree(EntityManager em, String email, long self) {
        List<Long> existing = em.createQuery("select c.id from ContactEntity c where c.email = :email and c.id <> :self",
                Long.class).setParameter("email", email).setParameter("self", self).getResultList();
        if (!existing.isEmpty()) {
            throw new ContactValidationException(Map.of("email", email + " is already used by contact " + existing.get(0)),
                    true);
        }
    }

    static Set<String> replaceTags(EntityManager em, long contactId, Set<String> tags) {
        em.createQuery("delete from ContactTagEntity t where t.contactId = :id").setParameter("id", contactId).executeUpdate();
        tags.forEach(tag -> em.persist(new ContactTagEntity(contactId, tag)));
        return tags;
    }

    @Override
    public Optional<Contact> find(long id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(ContactEntity.class, id))
                .map(c -> ContactSearch.withDetails(em, List.of(c)).get(0)));
    }

    @Override
    public List<Contact> list(int offset, int limit, String sortBy, boolean descending) {
        checkPage(offset, limit);
        if (!SORTABLE.contains(sortBy)) {
            throw new IllegalArgumentException("cannot sort contacts by '" + sortBy + "'; one of " + new TreeSet<>(SORTABLE));
        }
        // sortBy is one of the fixed field names above, never caller text.
        String direction = descending ? " desc" : "";
        String field = "updatedAt".equals(sortBy) ? "coalesce(c.updatedAt, c.createdAt)" : "c." + sortBy;
        String order = "id".equals(sortBy) ? "c.id" + direction : field + direction + ", c.id" + direction;
        return Transactions.read(emf, em -> ContactSearch.withDetails(em,
                em.createQuery("select c from ContactEntity c where c.mergedInto is null order by " + order, ContactEntity.class)
                        .setFirstResult(offset).setMaxResults(limit).getResultList()));
    }

    @Override
    public List<Contact> search(String query, int offset, int limit) {
        checkPage(offset, limit);
        ContactSearch search = ContactSearch.parse(query, properties::definition, this::segmentExists, clock.instant())
                .knowing(commonPrefixes);
        return Transactions.read(emf, em -> ContactSearch.withDetails(em, search.page(em, offset, limit)));
    }

    @Override
    public long countMatches(String query) {
        ContactSearch search = ContactSearch.parse(query, properties::definition, this::segmentExists, clock.instant())
                .knowing(commonPrefixes);
        return Transactions.read(emf, em -> search.count(em));
    }

    @Override
    public List<LastSeen> lastSeen(long afterId, int limit) {
        return Transactions.read(emf, em -> LastSeenQuery.page(em, afterId, Math.max(1, Math.min(limit, MAX_PAGE))));
    }

    @Override
    public long count() {
        return Transactions.read(emf, em -> em.createQuery("select count(c) from ContactEntity c where c.mergedInto is null", Long.class).getSingleResult());
    }

    private boolean segmentExists(String name) {
        return Transactions.read(emf, em -> em.find(SegmentEntity.class, name) != null);
    }

    static void checkPage(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("offset must be >= 0 and limit between 1 and " + MAX_PAGE);
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
