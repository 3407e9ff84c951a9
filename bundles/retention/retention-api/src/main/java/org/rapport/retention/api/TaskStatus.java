package org.rapport.retention.api;

/** Where a task is. */
public enum TaskStatus {
    OPEN, DONE, CANCELLED
}
