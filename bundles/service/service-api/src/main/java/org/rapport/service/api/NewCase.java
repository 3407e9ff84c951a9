package org.rapport.service.api;

/**
 * A case to open: {@code subject}, {@code contactId} and {@code message} (what the customer asked)
 * are required; {@code channel} defaults to {@code email}, {@code priority} to {@code normal},
 * {@code queue} to the configured default; {@code assignee}, if given, must be a user.
 */
public record NewCase(String subject, Long contactId, String channel, String priority, String queue, String assignee,
        String message) {
}
