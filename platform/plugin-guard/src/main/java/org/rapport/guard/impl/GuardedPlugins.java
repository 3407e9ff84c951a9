package org.rapport.guard.impl;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.osgi.service.event.Event;
import org.rapport.guard.GuardPolicy;
import org.rapport.guard.GuardedCall;
import org.rapport.guard.PluginFault;
import org.rapport.guard.PluginFault.Kind;
import org.rapport.guard.PluginGuard;
import org.rapport.guard.PluginState;

/**
 * The guard of one plugin point. Waited-for calls run on a pool of at most {@link #MAX_THREADS}
 * threads; submitted ones on one thread per plugin, watched by a watchdog. The records and what
 * is told on a fault are in {@link Faults}.
 */
public final class GuardedPlugins implements PluginGuard {

    /**
     * Bounds the threads one plugin point may hold: a call cut off at its budget may ignore its
     * interruption and keep its thread, and a plugin point that never suspends would pile them up.
     */
    static final int MAX_THREADS = 32;

    private final GuardPolicy policy;
    private final Runnable closed;
    private final Faults faults;
    private final Map<String, Plugin> plugins = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;

    public GuardedPlugins(GuardPolicy policy, Clock clock, Consumer<Event> events) {
        this(policy, clock, events, () -> { });
    }

    /** @param closed told when the guard is closed (the registry of open guards lets go of it) */
    public GuardedPlugins(GuardPolicy policy, Clock clock, Consumer<Event> events, Runnable closed) {
        this.closed = closed;
        this.policy = policy;
        this.faults = new Faults(policy, clock, events);
        this.pool = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "rapport-" + policy.kind() + "-guard");
            t.setDaemon(true);
            return t;
        });
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-" + policy.kind() + "-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public GuardPolicy policy() {
        return policy;
    }

    private Plugin plugin(String name) {
        return plugins.computeIfAbsent(name, n -> new Plugin(policy.kind(), n));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T, X extends Exception> T call(String name, String call, GuardedCall<T, X> work) throws X, PluginFault {
        Plugin plugin = plugin(name);
        if (plugin.suspended()) {
            throw new PluginFault(Kind.SUSPENDED, policy.kind() + " '" + name + "' is suspended", null, plugin.state(),
                    false);
        }
        Future<T> future;
        try {
            future = pool.submit(() -> named(plugin, work));
        } catch (RejectedExecutionException e) {
            throw new PluginFault(Kind.BUSY, policy.kind() + " '" + name + "' not called: all " + MAX_THREADS
                    + " threads are taken by calls still running past their budget", e, plugin.state(), false);
        }
        try {
            T answer = future.get(policy.budget().toMillis(), TimeUnit.MILLISECONDS);
            faults.answered(plugin);
            return answer;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception answer && !(answer instanceof RuntimeException)) {
                // Only X is checked in the plugin's call: its own answer, such as a refusal.
                faults.answered(plugin);
                throw (X) answer;
            }
            throw faults.fault(plugin, Kind.FAILED, call, e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw faults.fault(plugin, Kind.TIMED_OUT, call, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new PluginFault(Kind.INTERRUPTED, policy.faultText().describe(Kind.INTERRUPTED, name, call,
                    policy.budget(), e), e, plugin.state(), false);
        }
    }

    /** Runs the call on a pool thread named after the plugin, so a thread dump says whose call hangs. */
    private static <T, X extends Exception> T named(Plugin plugin, GuardedCall<T, X> work) throws X {
        Thread thread = Thread.currentThread();
        String before = thread.getName();
        thread.setName("rapport-" + plugin.kind + "-" + plugin.name);
        try {
            return work.call();
        } finally {
            thread.setName(before);
        }
    }

    @Override
    public void submit(String name, String call, Runnable work) {
        Plugin plugin = plugin(name);
        synchronized (plugin) {
            if (plugin.suspendedAt == null) {
                try {
                    plugin.lane().execute(() -> watched(plugin, call, work));
                } catch (RejectedExecutionException closedMeanwhile) {
                    // The plugin went away, or the guard was closed.
                }
            }
        }
    }

    /**
     * One submitted call, on the plugin's thread; the budget runs from when it starts. The call and
     * its watchdog race to settle it: in time (answer or fault) or cut off, never both.
     */
    private void watched(Plugin plugin, String call, Runnable work) {
        Thread worker = Thread.currentThread();
        AtomicBoolean settled = new AtomicBoolean();
        ScheduledFuture<?> dog;
        try {
            dog = watchdog.schedule(() -> {
                if (settled.compareAndSet(false, true)) {
                    faults.fault(plugin, Kind.TIMED_OUT, call, null);
                    if (!plugin.suspended()) {
                        // The plugin's later calls go on on a new thread; the stuck one is interrupted and left.
                        plugin.replaceLane();
                    }
                    worker.interrupt();
                }
            }, policy.budget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            return;
        }
        try {
            work.run();
            if (settled.compareAndSet(false, true)) {
                dog.cancel(false);
                faults.answered(plugin);
            }
        } catch (RuntimeException | Error e) {
            if (settled.compareAndSet(false, true)) {
                dog.cancel(false);
                faults.fault(plugin, Kind.FAILED, call, e);
            }
        }
    }

    @Override
    public boolean add(String name) {
        Plugin previous = plugins.put(name, new Plugin(policy.kind(), name));
        if (previous != null) {
            previous.dropLane();
        }
        return previous != null;
    }

    @Override
    public void remove(String name) {
        Plugin gone = plugins.remove(name);
        if (gone != null) {
            gone.dropLane();
        }
    }

    @Override
    public Optional<PluginState> state(String name) {
        return Optional.ofNullable(plugins.get(name)).map(Plugin::state);
    }

    @Override
    public List<PluginState> states() {
        List<PluginState> all = new ArrayList<>();
        plugins.values().forEach(p -> all.add(p.state()));
        all.sort(Comparator.comparing(PluginState::name));
        return all;
    }

    @Override
    public boolean resume(String name, String requester) {
        Plugin plugin = plugins.get(name);
        return plugin != null && faults.resume(plugin, requester);
    }

    @Override
    public void close() {
        closed.run();
        watchdog.shutdownNow();
        pool.shutdownNow();
        plugins.values().forEach(Plugin::dropLane);
        plugins.clear();
    }
}
