package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.event.Event;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionListener;
import org.rapport.guard.GuardPolicy;
import org.rapport.guard.PluginFault;
import org.rapport.guard.PluginGuard;
import org.rapport.guard.PluginGuards;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the {@link InteractionListener}s of plugins through the platform's plugin guard, each on a
 * thread of its own, so one that is slow or stuck holds up no one: the caller never waits. A call
 * that throws, or is not done within the budget (then it is interrupted and the listener gets a
 * new thread), is a fault; after so many faults in a row the listener is suspended, its waiting
 * calls dropped, and the administrator told (the log at ERROR, the audit log as
 * {@code listener.suspended}) until they resume it ({@code plugins:resume listener <name>}).
 */
public final class InteractionListeners {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionListeners.class);

    /** What Rapport knows of a listener: how many calls it took and failed, and whether it is suspended. */
    public record Status(String name, long delivered, int faultsInARow, String lastFault, Instant suspendedAt) {
    }

    private final Map<String, InteractionListener> listeners = new ConcurrentHashMap<>();
    private final PluginGuard guard;

    InteractionListeners(Duration budget, int suspendAfter, Clock clock, Consumer<Event> events) {
        this.guard = PluginGuards.open(GuardPolicy.of("listener", "Interaction listener", budget, suspendAfter)
                .withWhileSuspended("it hears of no interaction")
                .withResumeCommand("plugins:resume listener")
                .withFaultText(InteractionListeners::describe), clock, events);
    }

    /** The wording of the listener's last fault, as {@code plugins:guarded} shows it. */
    private static String describe(PluginFault.Kind fault, String name, String interaction, Duration budget,
            Throwable cause) {
        return fault == PluginFault.Kind.TIMED_OUT
                ? "listener '" + name + "' took longer than " + budget.toMillis() + " ms with " + interaction
                : "listener '" + name + "' failed on " + interaction + ": " + cause;
    }

    void add(String name, InteractionListener listener) {
        listeners.put(name, listener);
        if (guard.add(name)) {
            LOG.warn("Interaction listener '{}' registered again: the newer one replaces the older", name);
        }
    }

    void remove(InteractionListener listener) {
        listeners.entrySet().removeIf(e -> {
            if (e.getValue() == listener) {
                guard.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** Hands the interaction to every listener not suspended, and returns at once. */
    void deliver(Interaction interaction) {
        listeners.forEach((name, listener) -> guard.submit(name, "interaction " + interaction.id(),
                () -> listener.recorded(interaction)));
    }

    /** Every listener registered, by name. */
    List<Status> status() {
        return guard.states().stream().filter(s -> listeners.containsKey(s.name()))
                .map(s -> new Status(s.name(), s.answered(), s.faultsInARow(), s.lastFault(), s.suspendedAt()))
                .toList();
    }

    /** Lets a suspended listener hear of interactions again, with a clean record; false if it was not suspended. */
    boolean resume(String name, String requester) {
        return guard.resume(name, requester);
    }

    void close() {
        guard.close();
        listeners.clear();
    }
}
