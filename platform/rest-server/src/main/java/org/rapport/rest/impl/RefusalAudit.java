package org.rapport.rest.impl;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes every refusal to the audit log: HTTP 401, 403, 413 and 429 ({@code refused.credentials},
 * {@code refused.access}, {@code refused.size}, {@code refused.rate}) and shell commands a role
 * may not run ({@code refused.command}), SSH forwarding requests ({@code refused.forwarding}) and
 * SFTP requests ({@code refused.transfer});
 * throttled logins are {@code login.throttled}
 * ({@link org.rapport.rest.impl.security.LoginThrottle}). The actor is who was refused (a user, an
 * API key by its id, or the name that unchecked credentials claim), the subject what was tried
 * (method and path, or the command's name without its arguments, which may hold personal values
 * or a password), and the entry says from which address and why.
 *
 * <p>So that refusals cannot flood the log, they are summarised: one entry a minute for each
 * kind, actor and address, the next one saying how many more there were in between; and at most
 * {@value #ENTRIES_PER_MINUTE} entries a minute in all, refusals over that being counted and
 * reported in one {@code refused.unrecorded} entry with the first refusal after that minute. Every refusal is
 * still counted, and none is lost without a trace.
 */
@Component(service = RefusalAudit.class)
public class RefusalAudit {

    /** Entries a minute over all refusals. */
    static final int ENTRIES_PER_MINUTE = 120;
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final int PRUNE_ABOVE = 10_000;
    private static final int FIELD_LENGTH = 200;
    private static final Logger LOG = LoggerFactory.getLogger(RefusalAudit.class);

    private final LongSupplier nanoClock;
    private final Map<String, Summary> recent = new ConcurrentHashMap<>();
    private long windowStart;
    private int windowEntries;
    private long unrecorded;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin events;

    @Activate
    public RefusalAudit() {
        this(System::nanoTime);
    }

    RefusalAudit(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    private static final class Summary {
        boolean recorded;
        long at;
        int more;
    }

    /**
     * Records a refusal, or counts it toward the next entry of the same kind, actor and address.
     *
     * @param kind {@code credentials}, {@code access}, {@code size}, {@code rate}, {@code command}, {@code forwarding},
     *     {@code transfer}
     * @param who the user, {@code API key <id>}, or what unchecked credentials claim
     * @param address the client address (see {@code TrustedProxies})
     * @param what method and path, or the command's name
     * @param why the refusal's reason, as the caller was told
     */
    public void refused(String kind, String who, String address, String what, String why) {
        String actor = cut(who);
        String from = cut(address);
        long now = nanoClock.getAsLong();
        String key = kind + '\u0000' + actor + '\u0000' + from;
        int more;
        synchronized (this) {
            if (recent.size() > PRUNE_ABOVE) {
                recent.values().removeIf(summary -> now - summary.at >= MINUTE && summary.more == 0);
            }
            Summary summary = recent.computeIfAbsent(key, k -> new Summary());
            if (summary.recorded && now - summary.at < MINUTE) {
                summary.more++;
                return;
            }
            if (!entryAllowed(now)) {
                unrecorded++;
                return;
            }
            more = summary.more;
            summary.more = 0;
            summary.at = now;
            summary.recorded = true;
        }
        StringBuilder after = new StringBuilder("refused from ").append(from).append(": ").append(cut(why));
        if (more > 0) {
            after.append(" (and ").append(more).append(" more refusals like it in the minute before, not recorded one by one)");
        }
        AuditTrail.send(events, actor, "refused." + kind, cut(what), null, after.toString());
    }

    /** Whether one more entry fits this minute; reports what the last minute left out when it is over. */
    private boolean entryAllowed(long now) {
        if (now - windowStart >= MINUTE) {
            long left = unrecorded;
            windowStart = now;
            windowEntries = 0;
            unrecorded = 0;
            if (left > 0) {
                windowEntries++;
                LOG.warn("{} refusals not audited one by one in the minute before: over {} audit entries a minute", left,
                        ENTRIES_PER_MINUTE);
                AuditTrail.send(events, "rapport", "refused.unrecorded", "refusals", null, left
                        + " refusals in the minute before were not recorded one by one: over the limit of "
                        + ENTRIES_PER_MINUTE + " audit entries a minute");
            }
        }
        if (windowEntries >= ENTRIES_PER_MINUTE) {
            return false;
        }
        windowEntries++;
        return true;
    }

    private static String cut(String value) {
        if (value == null) {
            return "unknown";
        }
        String printable = value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return printable.length() > FIELD_LENGTH ? printable.substring(0, FIELD_LENGTH) + "…" : printable;
    }
}
