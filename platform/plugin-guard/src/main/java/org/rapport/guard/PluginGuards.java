package org.rapport.guard;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.event.Event;
import org.rapport.guard.impl.GuardedPlugins;

/**
 * Opens guards: one per plugin point, owned (and closed) by the component that calls the plugins.
 * Knows the guards open in this framework (this bundle is the one every plugin point shares), for
 * the one view of every guarded plugin ({@code plugins:guarded}, {@code GET /api/v1/plugins/guarded}).
 */
public final class PluginGuards {

    private static final Set<PluginGuard> OPEN = ConcurrentHashMap.newKeySet();

    private PluginGuards() {
    }

    /**
     * @param events where the audit events ({@code org.rapport.privacy.spi.AuditEvents}) go,
     *               typically {@code EventAdmin::postEvent} when Event Admin is there
     */
    public static PluginGuard open(GuardPolicy policy, Clock clock, Consumer<Event> events) {
        PluginGuard[] opened = new PluginGuard[1];
        opened[0] = new GuardedPlugins(policy, clock, events, () -> OPEN.remove(opened[0]));
        OPEN.add(opened[0]);
        return opened[0];
    }

    /** The guards open now, by the kind of plugin point they guard ({@code channel}, {@code listener}, ...). */
    public static List<PluginGuard> opened() {
        return OPEN.stream().sorted(Comparator.comparing(g -> g.policy().kind())).toList();
    }

    /** Every plugin every open guard knows, by kind and name: calls answered, faults in a row, suspended or not. */
    public static List<PluginState> states() {
        return opened().stream().flatMap(g -> g.states().stream()).toList();
    }

    /**
     * Lets a suspended plugin of a kind be called again (the log and the audit log say who).
     *
     * @return false if no guard of that kind knows a suspended plugin of that name
     * @throws IllegalArgumentException if no guard of that kind is open
     */
    public static boolean resume(String kind, String plugin, String requester) {
        List<PluginGuard> guards = opened().stream().filter(g -> g.policy().kind().equals(kind)).toList();
        if (guards.isEmpty()) {
            throw new IllegalArgumentException("no plugin point guards plugins of kind '" + kind + "'; kinds: "
                    + opened().stream().map(g -> g.policy().kind()).distinct().toList());
        }
        boolean resumed = false;
        for (PluginGuard guard : guards) {
            resumed |= guard.resume(plugin, requester);
        }
        return resumed;
    }

    /** One plugin of a kind, as the guard of that kind knows it. */
    public static Optional<PluginState> state(String kind, String plugin) {
        return opened().stream().filter(g -> g.policy().kind().equals(kind)).map(g -> g.state(plugin))
                .flatMap(Optional::stream).findFirst();
    }
}
