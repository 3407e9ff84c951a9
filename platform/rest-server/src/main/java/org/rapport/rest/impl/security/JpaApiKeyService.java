package org.rapport.rest.impl.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Transactions;
import org.rapport.rest.ApiException;
import org.rapport.rest.FieldError;
import org.rapport.rest.security.ApiKey;
import org.rapport.rest.security.ApiKeyService;
import org.rapport.rest.security.IssuedApiKey;

/**
 * API keys in the database (table {@code API_KEY}). A key is {@code rpk_<id>_<secret>} with a
 * 12-character id and 256 random bits of secret; only its SHA-256 hash is stored, which is enough
 * for a secret of that strength and cheap to check on every request. A key that authenticated is
 * remembered (its hash, scopes and state) for {@value #FRESH_MILLIS} ms, so that a partner's steady
 * stream of requests does not read the table for each one; every request still has its secret's
 * hash compared. A revocation holds from the next request on on the node that revokes (it forgets
 * the key at once), and within {@value #FRESH_MILLIS} ms on the other nodes sharing the database.
 * Presented keys that do not authenticate are never remembered. When a key was last used is kept
 * to the minute.
 */
@Component(service = ApiKeyService.class)
public class JpaApiKeyService implements ApiKeyService {

    static final String PREFIX = "rpk_";
    private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9-]*:[a-z][a-z0-9-]*");
    private static final Pattern KEY = Pattern.compile(PREFIX + "([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** How long a key that authenticated is trusted without reading it again. */
    static final long FRESH_MILLIS = 1_000;

    private final EntityManagerFactory emf;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Keys that authenticated lately, by id; only ever issued keys, so no bigger than the table. */
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private final Object revoking = new Object();
    /**
     * Revocations made on this node so far, guarded by {@link #revoking}: a key read before a
     * revocation committed is not remembered after it.
     */
    private long revocations;

    /** A key as read from the table, with its stored hash, until when it is trusted, and its last use to the minute. */
    private record Known(ApiKey key, byte[] hash, long freshUntil, Instant lastUsed) {
    }

    @Activate
    public JpaApiKeyService(@Reference(target = "(osgi.unit.name=rapport-rest)") EntityManagerFactory emf) {
        this(emf, Clock.systemUTC());
    }

    JpaApiKeyService(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    @Override
    public IssuedApiKey issue(String name, Set<String> scopes, String issuedBy) {
        List<FieldError> errors = new ArrayList<>();
        if (name == null || name.isBlank() || name.length() > 200) {
            errors.add(new FieldError("name", "must be 1 to 200 characters, naming the partner system"));
        }
        if (scopes == null || scopes.isEmpty()) {
            errors.add(new FieldError("scopes", "name at least one scope, such as contacts:read"));
        } else {
            scopes.stream().filter(scope -> scope == null || !SCOPE.matcher(scope).matches()).forEach(scope ->
                    errors.add(new FieldError("scopes", "'" + scope + "' is not a scope; a scope is area:action, such as contacts:read")));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        ApiKeyEntity entity = new ApiKeyEntity(id.toString(), name.strip(), scopes, hash(key), now,
                issuedBy == null ? "system" : issuedBy);
        Transactions.run(emf, em -> em.persist(entity));
        return new IssuedApiKey(entity.toKey(), key);
    }

    @Override
    public List<ApiKey> list() {
        return Transactions.read(emf, em -> em
                .createQuery("select k from ApiKeyEntity k order by k.createdAt desc, k.id", ApiKeyEntity.class)
                .getResultList().stream().map(ApiKeyEntity::toKey).toList());
    }

    @Override
    public Optional<ApiKey> find(String id) {
        return Transactions.read(emf, em -> Optional.ofNullable(id == null ? null : em.find(ApiKeyEntity.class, id))
                .map(ApiKeyEntity::toKey));
    }

    @Override
    public ApiKey revoke(String id, String revokedBy) {
        ApiKey revoked = Transactions.inTransaction(emf, em -> {
            ApiKeyEntity entity = id == null ? null : em.find(ApiKeyEntity.class, id);
            if (entity == null) {
                throw ApiException.notFound("API key", id);
            }
            if (!entity.toKey().revoked()) {
                entity.revoke(clock.instant().truncatedTo(ChronoUnit.MILLIS), revokedBy == null ? "system" : revokedBy);
            }
            return entity.toKey();
        });
        synchronized (revoking) {
            revocations++;
            known.remove(id);
        }
        return revoked;
    }

    @Override
    public Optional<ApiKey> authenticate(String presentedKey) {
        var match = presentedKey == null ? null : KEY.matcher(presentedKey.strip());
        if (match == null || !match.matches()) {
            return Optional.empty();
        }
        String id = match.group(1);
        byte[] presented = hash(presentedKey.strip()).getBytes(StandardCharsets.US_ASCII);
        long now = clock.millis();
        Known key = known.get(id);
        if (key == null || now >= key.freshUntil()) {
            long revoked;
            synchronized (revoking) {
                revoked = revocations;
            }
            key = Transactions.read(emf, em -> Optional.ofNullable(em.find(ApiKeyEntity.class, id)))
                    .map(entity -> new Known(entity.toKey(), entity.keyHash().getBytes(StandardCharsets.US_ASCII),
                            now + FRESH_MILLIS, entity.toKey().lastUsedAt()))
                    .orElse(null);
            if (key == null || key.key().revoked()) {
                known.remove(id);
                return Optional.empty();
            }
            // Remembered only once its secret matched: a stranger's guesses add nothing.
            if (!MessageDigest.isEqual(key.hash(), presented)) {
                return Optional.empty();
            }
            synchronized (revoking) {
                if (revocations == revoked) {
                    known.put(id, key);
                }
            }
        } else if (!MessageDigest.isEqual(key.hash(), presented)) {
            return Optional.empty();
        }
        used(key);
        return Optional.of(key.key());
    }

    /** Records that the key was used, at most once a minute, so a busy partner costs no write per request. */
    private void used(Known key) {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        if (key.lastUsed() == null || key.lastUsed().isBefore(minute)) {
            Transactions.run(emf, em -> em.createQuery("update ApiKeyEntity k set k.lastUsedAt = :minute where k.id = :id "
                    + "and (k.lastUsedAt is null or k.lastUsedAt < :minute)").setParameter("minute", minute)
                    .setParameter("id", key.key().id()).executeUpdate());
            known.computeIfPresent(key.key().id(), (id, k) -> k.hash() == key.hash()
                    ? new Known(k.key(), k.hash(), k.freshUntil(), minute) : k);
        }
    }

    private static String hash(String key) {
        return RealmLogin.digest(key);
    }
}
