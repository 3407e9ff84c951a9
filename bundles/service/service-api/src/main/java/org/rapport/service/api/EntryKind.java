package org.rapport.service.api;

import java.util.Locale;

/** What an entry of a case's thread is. */
public enum EntryKind {
    /** What the customer wrote or said. */
    MESSAGE,
    /** An agent's answer to the customer. */
    REPLY,
    /** An agent's note for colleagues, never shown to the customer nor to partner systems. */
    NOTE,
    /** A change of status, assignee or priority, written by the service itself. */
    CHANGE,
    /** A breach or near-breach of a target, written by the SLA check. */
    ESCALATION,
    /**
     * The satisfaction survey of a closed case: sent, held back (no consent, no channel) or the
     * customer's answer, a score from 1 to 5 with an optional comment (1.2).
     */
    SURVEY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
