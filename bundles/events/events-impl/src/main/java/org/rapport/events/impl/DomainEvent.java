package org.rapport.events.impl;

import java.time.Instant;
import java.util.Map;

/**
 * What happened, as stored in the outbox and sent as a CloudEvent.
 *
 * @param eventId the CloudEvents id, the same on every attempt and replay
 * @param data    ids and values without personal data: a subscriber reads the contact over the API
 */
record DomainEvent(long row, String eventId, String type, long contactId, Instant occurredAt, Map<String, Object> data) {
}
