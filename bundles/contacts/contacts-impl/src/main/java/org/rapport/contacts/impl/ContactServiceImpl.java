package org.rapport.contacts.impl;

import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
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
import org.rapport.contacts.api.ContactConditions;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.ContactSearchWord;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.LastSeen;
import org.rapport.contacts.api.NewContact;
import org.rapport.persistence.InLists;
import org.rapport.persistence.Transactions;
import org.rapport.rest.security.UserService;

@Component(service = {ContactService.class, ContactConditions.class})
public class ContactServiceImpl implements ContactService, ContactConditions {

    private static final int MAX_PAGE = 1000;

    private final EntityManagerFactory emf;
    private final ContactProperties properties;
    private final Clock clock;
    private final CommonPrefixes commonPrefixes = new CommonPrefixes();
    /** The words other bundles added to the search, by prefix. */
    private final Map<String, ContactSearchWord> words = new ConcurrentHashMap<>();

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

    /** A word another bundle adds to the search; it comes and goes with that bundle. Public for other bundles' tests. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addWord(ContactSearchWord word, Map<String, Object> properties) {
        if (properties.get(ContactSearchWord.PREFIX) instanceof String prefix && !prefix.isBlank()) {
            words.put(prefix.strip().toLowerCase(Locale.ROOT), word);
        }
    }

    public void removeWord(ContactSearchWord word, Map<String, Object> properties) {
        words.values().remove(word);
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
            ContactEvents.record(em, ContactEvents.CREATED, entity.id(), now, Map.of("contactId", entity.id()));
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
            ContactEvents.record(em, ContactEvents.UPDATED, id, now, Map.of("contactId", id));
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
                .map(c -> ContactRows.withDetails(em, List.of(c)).get(0)));
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
        return Transactions.read(emf, em -> ContactRows.withDetails(em,
                em.createQuery("select c from ContactEntity c where c.mergedInto is null order by " + order, ContactEntity.class)
                        .setFirstResult(offset).setMaxResults(limit).getResultList()));
    }

    @Override
    public List<Contact> search(String query, int offset, int limit) {
        checkPage(offset, limit);
        ContactSearch search = ContactSearch.parse(query, properties::definition, words, clock.instant())
                .knowing(commonPrefixes);
        return Transactions.read(emf, em -> ContactRows.withDetails(em, new SearchPlan(search).page(em, offset, limit)));
    }

    @Override
    public long countMatches(String query) {
        ContactSearch search = ContactSearch.parse(query, properties::definition, words, clock.instant())
                .knowing(commonPrefixes);
        return Transactions.read(emf, em -> new SearchPlan(search).count(em));
    }

    @Override
    public boolean exists(long id) {
        return Transactions.read(emf, em -> !em.createQuery("select c.id from ContactEntity c where c.id = :id", Long.class)
                .setParameter("id", id).setMaxResults(1).getResultList().isEmpty());
    }

    @Override
    public List<LastSeen> lastSeen(long afterId, int limit) {
        return Transactions.read(emf, em -> LastSeenQuery.page(em, afterId, Math.max(1, Math.min(limit, MAX_PAGE))));
    }

    @Override
    public long count() {
        return Transactions.read(emf, em -> em.createQuery("select count(c) from ContactEntity c where c.mergedInto is null", Long.class).getSingleResult());
    }

    @Override
    public List<Contact> find(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, Integer> order = new HashMap<>();
        ids.forEach(id -> order.putIfAbsent(id, order.size()));
        List<Contact> found = Transactions.read(emf, em -> ContactRows.withDetails(em, em.createQuery("select c from "
                + "ContactEntity c where c.id in :ids", ContactEntity.class)
                .setParameter("ids", InLists.padded(List.copyOf(order.keySet()))).getResultList()));
        return found.stream().sorted(Comparator.comparing(c -> order.get(c.id()))).toList();
    }

    private ContactSearch condition(String condition) {
        return ContactSearch.parse(condition, new ContactSearch.Vocabulary(properties::definition, words, clock.instant(),
                MAX_WORDS));
    }

    @Override
    public void check(String condition) {
        condition(condition);
    }

    @Override
    public long count(String condition) {
        ContactSearch search = condition(condition);
        return Transactions.read(emf, em -> search.query(em, "select count(c)", Long.class, "").getSingleResult());
    }

    @Override
    public List<Long> select(String condition, Collection<Long> among, int limit) {
        ContactSearch search = condition(condition);
        if (among != null && among.isEmpty()) {
            return List.of();
        }
        return Transactions.read(emf, em -> (among == null ? search.query(em, "select c.id", Long.class, " order by c.id")
                : search.query(em, "select c.id", " and c.id in :among", Long.class, " order by c.id")
                        .setParameter("among", List.copyOf(among))).setMaxResults(limit).getResultList());
    }

    @Override
    public Set<Long> changedSince(Instant from) {
        return Transactions.read(emf, em -> ContactRows.changedSince(em, from));
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
