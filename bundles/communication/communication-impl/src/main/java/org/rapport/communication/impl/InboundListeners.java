package org.rapport.communication.impl;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.osgi.service.event.Event;
import org.rapport.communication.api.InboundListener;
import org.rapport.communication.api.InboundMessage;
import org.rapport.guard.GuardPolicy;
import org.rapport.guard.PluginFault;
import org.rapport.guard.PluginGuard;
import org.rapport.guard.PluginGuards;

/**
 * Hands inbound messages to the {@link InboundListener}s through the platform's plugin guard: each
 * listener on a thread of its own, in order, within a time budget, so one that is slow or stuck
 * holds up neither the mailbox nor a webhook's caller nor the other listeners. A listener that
 * throws or overruns is at fault; after so many faults in a row it is suspended (the log at ERROR,
 * the audit log as {@code inbound-listener.suspended}) until an administrator resumes it
 * ({@code plugins:resume inbound-listener <name>}; {@code plugins:guarded} lists them).
 */
final class InboundListeners {

    private final Map<String, InboundListener> listeners = new ConcurrentHashMap<>();
    private final PluginGuard guard;

    InboundListeners(Duration budget, int suspendAfter, Clock clock, Consumer<Event> events) {
        this.guard = PluginGuards.open(GuardPolicy.of("inbound-listener", "Inbound listener", budget, suspendAfter)
                .withWhileSuspended("it hears of no inbound message")
                .withResumeCommand("plugins:resume inbound-listener")
                .withFaultText(InboundListeners::describe), clock, events);
    }

    private static String describe(PluginFault.Kind fault, String name, String call, Duration budget, Throwable cause) {
        return fault == PluginFault.Kind.TIMED_OUT
                ? "listener '" + name + "' took longer than " + budget.toMillis() + " ms with " + call
                : "listener '" + name + "' failed on " + call + ": " + cause;
    }

    void add(String name, InboundListener listener) {
        listeners.put(name, listener);
        guard.add(name);
    }

    void remove(InboundListener listener) {
        listeners.entrySet().removeIf(e -> {
            if (e.getValue() == listener) {
                guard.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** Hands the message to every listener not suspended, and returns at once. */
    void deliver(InboundMessage message) {
        listeners.forEach((name, listener) -> guard.submit(name, "inbound message " + message.id(),
                () -> listener.received(message)));
    }

    void close() {
        guard.close();
        listeners.clear();
    }
}
