package org.rapport.retention.impl.command;

import org.rapport.retention.api.RetentionService;

/** A task completer on a given service, as Karaf's @Reference would set it, for tests in other packages. */
public final class TaskIdCompleters {

    private TaskIdCompleters() {
    }

    public static TaskIdCompleter on(RetentionService retention) {
        TaskIdCompleter completer = new TaskIdCompleter();
        completer.retention = retention;
        return completer;
    }
}
