package org.rapport.service.api;

import java.time.Instant;

/**
 * One entry of a case's thread: its text is stored as it was given (plain text; nothing in it is
 * interpreted as markup), with the user or system that wrote it.
 */
public record CaseEntry(long id, long caseId, EntryKind kind, String author, String text, Instant createdAt) {
}
