package org.rapport.rest.impl.security;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.rapport.rest.impl.AuditTrail;
import org.rapport.rest.impl.HttpGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed logins through every door people sign in by (HTTP Basic and API keys, SSH passwords),
 * counted per remote address and user name, with a looser count per address for trying many names.
 *
 * <p>Why keyed by address and name: a throttled attempt must be refused before its password is
 * checked, or the attacker would still learn which guess is right; so whoever shares the
 * throttled key is refused with the attacker, whatever password they send. Keyed by address alone,
 * an attacker behind a shared address (a proxy, a NAT, the server itself) refused everyone there,
 * the administrator included, with the right password. Keyed by address and name, hammering
 * {@code admin} refuses only {@code admin} from that address, and only until the next allowed
 * attempt ({@code Retry-After}); every other name there, and {@code admin} from any other address
 * (from the server itself, with {@code bin/client}, or with an SSH key, which is never throttled),
 * signs in at once. The count per address ({@value #NAMES_PER_ADDRESS} times the count per name)
 * stops one address from spraying guesses over many names. Both doors share the counts, so SSH and
 * HTTP together give an attacker no more guesses than one of them.
 *
 * <p>Refusals are logged and audited ({@code login.throttled}), at most once a minute per
 * address and name, so that an attacker cannot flood the audit log through it.
 */
@Component(service = LoginThrottle.class, configurationPid = HttpGuard.PID)
public class LoginThrottle {

    /** How many times the failures per name one address may spend over all names. */
    static final int NAMES_PER_ADDRESS = 5;
    /** Longer names exist nowhere (see {@link DatabaseUserService}); cut so they cannot grow the keys. */
    private static final int NAME_LENGTH = 64;
    private static final long AUDIT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int PRUNE_ABOVE = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

    private final int perMinute;
    private final LongSupplier nanoClock;
    private final RateLimiter perName;
    private final RateLimiter perAddress;
    private final ConcurrentMap<String, Long> audited = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin events;

    @Activate
    public LoginThrottle(HttpGuard.Config config) {
        this(config.failedLoginsPerMinute(), System::nanoTime);
    }

    LoginThrottle(int failedLoginsPerMinute, LongSupplier nanoClock) {
        this.perMinute = failedLoginsPerMinute;
        this.nanoClock = nanoClock;
        this.perName = new RateLimiter(failedLoginsPerMinute, nanoClock);
        this.perAddress = new RateLimiter(failedLoginsPerMinute * NAMES_PER_ADDRESS, nanoClock);
    }

    /**
     * Whether a login of {@code user} from {@code address} through {@code door} ({@code http},
     * {@code ssh}) must be refused without checking its password.
     *
     * @return the whole seconds to wait before trying again, or empty when the login may be checked
     */
    public OptionalLong refusal(String door, String address, String user) {
        String name = name(user);
        long wait = Math.max(perName.nanosUntilToken(key(address, name)), perAddress.nanosUntilToken(address));
        if (wait == 0) {
            return OptionalLong.empty();
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
        record(door, address, name, seconds);
        return OptionalLong.of(seconds);
    }

    /** Counts a failed login of {@code user} from {@code address}. */
    public void failed(String address, String user) {
        perName.tryAcquire(key(address, name(user)));
        perAddress.tryAcquire(address);
    }

    /** Clears the failures of {@code user} from {@code address}; those of the address over all names stay. */
    public void succeeded(String address, String user) {
        perName.forget(key(address, name(user)));
    }

    private void record(String door, String address, String name, long seconds) {
        String key = key(address, name);
        long now = nanoClock.getAsLong();
        if (audited.size() > PRUNE_ABOVE) {
            audited.values().removeIf(at -> now - at > AUDIT_EVERY_NANOS);
        }
        Long before = audited.get(key);
        if (before != null && now - before < AUDIT_EVERY_NANOS) {
            return;
        }
        audited.put(key, now);
        LOG.warn("Logins of '{}' from {} over {} refused for {} s: more than {} failed a minute (reported once a minute)",
                name, address, door, seconds, perMinute);
        AuditTrail.send(events, "address " + address, "login.throttled", "user " + name, null,
                "refused over " + door + " for " + seconds + " s after too many failed logins");
    }

    private static String key(String address, String name) {
        return address + '\u0000' + name;
    }

    /** The name as it can be shown and kept: printable, at most {@value #NAME_LENGTH} characters. */
    static String name(String user) {
        if (user == null) {
            return "";
        }
        String cut = user.length() > NAME_LENGTH ? user.substring(0, NAME_LENGTH) : user;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
