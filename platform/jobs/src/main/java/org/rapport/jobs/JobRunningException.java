package org.rapport.jobs;

import java.util.Optional;

/** A run of a kind was asked for while one is running, on this node or another. */
public class JobRunningException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The run that is running, when the database shows it (not while it is still starting). */
    private final transient Job running;

    public JobRunningException(String message, Job running) {
        super(message);
        this.running = running;
    }

    public Optional<Job> running() {
        return Optional.ofNullable(running);
    }
}
