package org.rapport.guard.impl;

import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

import org.osgi.service.event.Event;
import org.rapport.guard.GuardPolicy;
import org.rapport.guard.PluginFault;
import org.rapport.guard.PluginFault.Kind;
import org.rapport.privacy.spi.AuditEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps plugins' records and tells of suspensions and resumptions: the log, and the audit log through Event Admin. */
final class Faults {

    private final Logger log;
    private final GuardPolicy policy;
    private final Clock clock;
    private final Consumer<Event> events;

    Faults(GuardPolicy policy, Clock clock, Consumer<Event> events) {
        // One logger per plugin point, so that an installation can tune each: org.rapport.guard.<kind>.
        this.log = LoggerFactory.getLogger("org.rapport.guard." + policy.kind());
        this.policy = policy;
        this.clock = clock;
        this.events = events;
    }

    void answered(Plugin plugin) {
        synchronized (plugin) {
            plugin.answered++;
            plugin.faults = 0;
        }
    }

    /** Counts a fault (none once suspended), suspends the plugin at the limit, and returns the fault to throw. */
    PluginFault fault(Plugin plugin, Kind kind, String call, Throwable cause) {
        String reason = policy.faultText().describe(kind, plugin.name, call, policy.budget(), cause);
        boolean suspend;
        int count;
        synchronized (plugin) {
            if (plugin.suspendedAt != null) {
                return new PluginFault(kind, reason, cause, plugin.state(), false);
            }
            count = ++plugin.faults;
            plugin.lastFault = reason;
            suspend = policy.suspendAfter() > 0 && count >= policy.suspendAfter();
            if (suspend) {
                plugin.suspendedAt = clock.instant();
                // Its waiting calls are dropped; resumed, it is called with what comes next.
                plugin.dropLane();
            }
        }
        if (suspend) {
            String how = policy.resumeCommand() == null ? "" : " (" + policy.resumeCommand() + " " + plugin.name + ")";
            log.error("{} '{}' suspended after {} faults in a row (last: {}); {} until an administrator resumes it{}",
                    policy.label(), plugin.name, count, policy.forLog().apply(reason), policy.whileSuspended(), how);
            audit("system", "suspended", plugin.name, "suspended after " + count + " faults: " + reason);
        } else if (policy.suspendAfter() > 0) {
            log.warn("{} '{}': fault {} of {} before it is suspended: {}", policy.label(), plugin.name, count,
                    policy.suspendAfter(), policy.forLog().apply(reason));
        }
        // A plugin point that never suspends reports its faults itself, with what the call was for.
        return new PluginFault(kind, reason, cause, plugin.state(), suspend);
    }

    boolean resume(Plugin plugin, String requester) {
        synchronized (plugin) {
            if (plugin.suspendedAt == null) {
                return false;
            }
            plugin.suspendedAt = null;
            plugin.faults = 0;
            plugin.lastFault = null;
        }
        log.info("{} '{}' resumed by {}", policy.label(), plugin.name, requester);
        audit(requester, "resumed", plugin.name, "resumed");
        return true;
    }

    private void audit(String actor, String action, String plugin, String after) {
        events.accept(new Event(AuditEvents.TOPIC, Map.of(AuditEvents.ACTOR, actor, AuditEvents.ACTION,
                policy.kind() + "." + action, AuditEvents.SUBJECT, policy.kind() + " " + plugin, AuditEvents.AFTER,
                after)));
    }
}
