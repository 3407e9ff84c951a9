package org.rapport.guard;

import java.time.Clock;
import java.util.function.Consumer;

import org.osgi.service.event.Event;
import org.rapport.guard.impl.GuardedPlugins;

/** Opens guards: one per plugin point, owned (and closed) by the component that calls the plugins. */
public final class PluginGuards {

    private PluginGuards() {
    }

    /**
     * @param events where the audit events ({@code org.rapport.privacy.spi.AuditEvents}) go,
     *               typically {@code EventAdmin::postEvent} when Event Admin is there
     */
    public static PluginGuard open(GuardPolicy policy, Clock clock, Consumer<Event> events) {
        return new GuardedPlugins(policy, clock, events);
    }
}
