package org.rapport.guard;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Calls the plugins of one plugin point, keyed by name, within the budget of its
 * {@link GuardPolicy}. A call that throws (unchecked) or is not done within the budget (then it is
 * interrupted and left to its thread) is a fault; after {@link GuardPolicy#suspendAfter()} faults
 * in a row the plugin is suspended: it is not called, its waiting calls are dropped, and the
 * administrator is told (the log at ERROR, the audit log as {@code <kind>.suspended}) until they
 * {@link #resume} it. An answer in time clears the count. Open one with {@link PluginGuards#open}.
 */
@ProviderType
public interface PluginGuard extends AutoCloseable {

    GuardPolicy policy();

    /**
     * Calls the plugin and waits for its answer, at most the budget.
     *
     * @param call what the call is, for the fault's text ({@code "with interaction 7"})
     * @throws X           what the plugin answered with (its checked exception)
     * @throws PluginFault if it failed, took too long, is suspended, or could not be called
     */
    <T, X extends Exception> T call(String plugin, String call, GuardedCall<T, X> work) throws X, PluginFault;

    /**
     * Hands the work to the plugin's own thread and returns at once: the plugin's calls run one
     * after the other, in order, each within the budget from when it starts. Nothing happens if the
     * plugin is suspended.
     */
    void submit(String plugin, String call, Runnable work);

    /**
     * Knows of a plugin from now on, with a clean record, so that it is listed before its first call.
     *
     * @return true if one of that name was known: its record and waiting calls are dropped
     */
    boolean add(String plugin);

    /** Forgets a plugin gone away: its record, and its waiting calls. */
    void remove(String plugin);

    Optional<PluginState> state(String plugin);

    /** Every plugin known, by name. */
    List<PluginState> states();

    /**
     * Lets a suspended plugin be called again, with a clean record (the log and the audit log say who).
     *
     * @return false if it was not suspended
     */
    boolean resume(String plugin, String requester);

    /** Stops the guard's threads, interrupting the calls still running. */
    @Override
    void close();
}
