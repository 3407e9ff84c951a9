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
import java.util.Optional;
import java.util.Set;
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
 * for a secret of that strength and cheap to check on every request. Every request looks the key
 * up, so a revocation holds from the next request on; when a key was last used is kept to the
 * minute.
 */
@Component(service = ApiKeyService.class)
public class JpaApiKeyService implements ApiKeyService {

    static final String PREFIX = "rpk_";
    private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9-]*:[a-z][a-z0-9-]*");
    private static final Pattern KEY = Pattern.compile(PREFIX + "([a-z0-9]{12})_([A-Za-z0-9_-]{43})");
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final EntityManagerFactory emf;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

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
        return Transactions.inTransaction(emf, em -> {
            ApiKeyEntity entity = id == null ? null : em.find(ApiKeyEntity.class, id);
            if (entity == null) {
                throw ApiException.notFound("API key", id);
            }
            if (!entity.toKey().revoked()) {
                entity.revoke(clock.instant().truncatedTo(ChronoUnit.MILLIS), revokedBy == null ? "system" : revokedBy);
            }
            return entity.toKey();
        });
    }

    @Override
    public Optional<ApiKey> authenticate(String presentedKey) {
        var match = presentedKey == null ? null : KEY.matcher(presentedKey.strip());
        if (match == null || !match.matches()) {
            return Optional.empty();
        }
        String id = match.group(1);
        byte[] presented = hash(presentedKey.strip()).getBytes(StandardCharsets.US_ASCII);
        Optional<ApiKey> key = Transactions.read(emf, em -> Optional.ofNullable(em.find(ApiKeyEntity.class, id)))
                .filter(entity -> MessageDigest.isEqual(entity.keyHash().getBytes(StandardCharsets.US_ASCII), presented))
                .map(ApiKeyEntity::toKey)
                .filter(k -> !k.revoked());
        key.ifPresent(this::used);
        return key;
    }

    /** Records that the key was used, at most once a minute, so a busy partner costs no write per request. */
    private void used(ApiKey key) {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(minute)) {
            Transactions.run(emf, em -> em.createQuery("update ApiKeyEntity k set k.lastUsedAt = :minute where k.id = :id "
                    + "and (k.lastUsedAt is null or k.lastUsedAt < :minute)").setParameter("minute", minute)
                    .setParameter("id", key.id()).executeUpdate());
        }
    }

    private static String hash(String key) {
        return RealmLogin.digest(key);
    }
}
