package org.rapport.guard;

/** A plugin did not answer as it must, or was not called (suspended, or no thread free); the message says why. */
public class PluginFault extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the call gave no answer. */
    public enum Kind {
        /** The plugin threw an unchecked exception or an error: counted. */
        FAILED,
        /** The plugin took longer than its budget and was interrupted: counted. */
        TIMED_OUT,
        /** The caller was interrupted while waiting: not the plugin's fault, not counted. */
        INTERRUPTED,
        /** The plugin is suspended and was not called. */
        SUSPENDED,
        /** Every thread of the guard is taken (by calls still running past their budget): not called, not counted. */
        BUSY
    }

    private final Kind kind;
    private final transient PluginState state;
    private final boolean suspendedNow;

    public PluginFault(Kind kind, String message, Throwable cause, PluginState state, boolean suspendedNow) {
        super(message, cause);
        this.kind = kind;
        this.state = state;
        this.suspendedNow = suspendedNow;
    }

    public Kind kind() {
        return kind;
    }

    /** The plugin's record after this fault. */
    public PluginState state() {
        return state;
    }

    /** Whether this fault is the one that suspended the plugin (so a caller can tell its own listeners once). */
    public boolean suspendedNow() {
        return suspendedNow;
    }
}
