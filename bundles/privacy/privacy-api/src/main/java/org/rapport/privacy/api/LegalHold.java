package org.rapport.privacy.api;

import java.time.Instant;

/** A contact whose records retention may not delete or anonymise, and why. */
public record LegalHold(long contactId, String reason, String placedBy, Instant placedAt) {
}
