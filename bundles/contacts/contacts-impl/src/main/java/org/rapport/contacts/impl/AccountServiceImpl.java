package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.contacts.api.Account;
import org.rapport.contacts.api.AccountService;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.NewAccount;
import org.rapport.persistence.Transactions;
import org.rapport.rest.security.UserService;

/** Accounts in table {@code ACCOUNT}; contacts point at theirs with {@code CONTACT.ACCOUNT_ID}. */
@Component(service = AccountService.class)
public class AccountServiceImpl implements AccountService {

    private static final int MAX_PAGE = 1000;

    private final EntityManagerFactory emf;
    private final Clock clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UserService users;

    @Activate
    public AccountServiceImpl(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf) {
        this(emf, Clock.systemUTC());
    }

    public AccountServiceImpl(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    private AccountDetails details(NewAccount account) {
        AccountDetails details = AccountDetails.of(account);
        UserService directory = users;
        if (details.owner() != null && directory != null && directory.find(details.owner()).isEmpty()) {
            throw new ContactValidationException(Map.of("owner", "there is no user '" + details.owner() + "'"));
        }
        return details;
    }

    @Override
    public Account create(NewAccount account) {
        AccountDetails details = details(account);
        Instant now = now();
        return Transactions.inTransaction(emf, em -> {
            requireFreeDomain(em, details.domain(), -1);
            AccountEntity entity = new AccountEntity(details, now);
            em.persist(entity);
            em.flush();
            return entity.toDto();
        });
    }

    @Override
    public Account update(long id, NewAccount account) {
        AccountDetails details = details(account);
        Instant now = now();
        return Transactions.inTransaction(emf, em -> {
            AccountEntity entity = em.find(AccountEntity.class, id);
            if (entity == null) {
                throw new ContactValidationException(Map.of("id", "there is no account " + id));
            }
            requireFreeDomain(em, details.domain(), id);
            entity.apply(details, now);
            return entity.toDto();
        });
    }

    private static void requireFreeDomain(EntityManager em, String domain, long self) {
        if (domain == null) {
            return;
        }
        List<Long> other = em.createQuery("select a.id from AccountEntity a where a.domain = :domain and a.id <> :self",
                Long.class).setParameter("domain", domain).setParameter("self", self).setMaxResults(1).getResultList();
        if (!other.isEmpty()) {
            throw new ContactValidationException(Map.of("domain", domain + " is the domain of account " + other.get(0)),
                    true);
        }
    }

    @Override
    public Optional<Account> find(long id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(AccountEntity.class, id)).map(AccountEntity::toDto));
    }

    @Override
    public List<Account> list(String query, int offset, int limit) {
        checkPage(offset, limit);
        return Transactions.read(emf, em -> matching(em, "select a", AccountEntity.class, query,
                " order by a.nameKey, a.id").setFirstResult(offset).setMaxResults(limit).getResultList()
                .stream().map(AccountEntity::toDto).toList());
    }

    @Override
    public long count(String query) {
        return Transactions.read(emf, em -> matching(em, "select count(a)", Long.class, query, "").getSingleResult());
    }

    private static <T> TypedQuery<T> matching(EntityManager em, String select, Class<T> type, String query, String order) {
        String text = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            return em.createQuery(select + " from AccountEntity a" + order, type);
        }
        String prefix = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return em.createQuery(select + " from AccountEntity a where a.nameKey like :p escape '\\' "
                + "or a.domain like :p escape '\\'" + order, type).setParameter("p", prefix);
    }

    @Override
    public List<Contact> contacts(long accountId, int offset, int limit) {
        checkPage(offset, limit);
        return Transactions.read(emf, em -> ContactRows.withDetails(em, em.createQuery(
                "select c from ContactEntity c where c.accountId = :account and c.mergedInto is null order by c.id", ContactEntity.class)
                .setParameter("account", accountId).setFirstResult(offset).setMaxResults(limit).getResultList()));
    }

    @Override
    public long countContacts(long accountId) {
        return Transactions.read(emf, em -> em.createQuery("select count(c) from ContactEntity c where c.accountId = :a "
                + "and c.mergedInto is null", Long.class).setParameter("a", accountId).getSingleResult());
    }

    @Override
    public void delete(long id) {
        Transactions.inTransaction(emf, em -> {
            AccountEntity entity = em.find(AccountEntity.class, id);
            if (entity == null) {
                throw new ContactValidationException(Map.of("id", "there is no account " + id));
            }
            long members = em.createQuery("select count(c) from ContactEntity c where c.accountId = :a", Long.class)
                    .setParameter("a", id).getSingleResult();
            if (members > 0) {
                throw new ContactValidationException(Map.of("id", "account " + id + " still has " + members
                        + " contacts; move them to another account or none first"), true);
            }
            em.remove(entity);
            return null;
        });
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void checkPage(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("offset must be >= 0 and limit between 1 and " + MAX_PAGE);
        }
    }
}
