package org.rapport.contacts.impl;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Direction;
import org.rapport.contacts.api.NewInteraction;

/**
 * An interaction to record, checked: each field at fault named in the errors, under a prefix
 * ({@code interactions[3].}) when it is an entry of a batch.
 */
record InteractionInput(Channel channel, Direction direction, String type, Instant occurredAt, String summary,
        Map<String, String> payload, String eventId) {

    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    static final Pattern PAYLOAD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
    static final int MAX_SUMMARY = 1000;
    static final int MAX_EVENT_ID = 200;
    static final int MAX_PAYLOAD_ENTRIES = 50;
    static final int MAX_PAYLOAD_VALUE = 2000;
    /** Clocks drift; an interaction from further in the future than this is a mistake. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    /**
     * The interaction checked at {@code now}, or null with its errors added to {@code errors}.
     *
     * @param prefix put before each field's name in {@code errors}: empty for one interaction
     */
    static InteractionInput check(NewInteraction interaction, Instant now, String prefix, Map<String, String> errors) {
        if (interaction == null) {
            errors.put(prefix + "interaction", "is required");
            return null;
        }
        int before = errors.size();
        Channel channel = parse(errors, prefix + "channel", interaction.channel(), Channel::parse);
        Direction direction = parse(errors, prefix + "direction", interaction.direction(), Direction::parse);
        String type = interaction.type() == null ? null : interaction.type().strip();
        if (type == null || type.isEmpty()) {
            errors.put(prefix + "type", "is required, such as call, purchase or support-case");
        } else if (!TYPE.matcher(type).matches()) {
            errors.put(prefix + "type", "'" + type + "' must be lower-case letters, digits and '-', starting with a letter");
        }
        Instant occurredAt = interaction.occurredAt() == null ? now : interaction.occurredAt().truncatedTo(ChronoUnit.MILLIS);
        if (occurredAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
            errors.put(prefix + "occurredAt", occurredAt + " is in the future");
        }
        String summary = interaction.summary() == null || interaction.summary().isBlank() ? null : interaction.summary().strip();
        if (summary != null && summary.length() > MAX_SUMMARY) {
            errors.put(prefix + "summary", "is longer than " + MAX_SUMMARY + " characters");
        }
        Map<String, String> payload = interaction.payload() == null ? Map.of() : interaction.payload();
        checkPayload(errors, prefix, payload);
        String eventId = interaction.eventId() == null || interaction.eventId().isBlank() ? null : interaction.eventId().strip();
        if (eventId != null && eventId.length() > MAX_EVENT_ID) {
            errors.put(prefix + "eventId", "is longer than " + MAX_EVENT_ID + " characters");
        }
        return errors.size() > before ? null
                : new InteractionInput(channel, direction, type, occurredAt, summary, payload, eventId);
    }

    /** Who records, checked: added to {@code errors} when it is missing or too long. */
    static void checkSource(String source, Map<String, String> errors) {
        if (source == null || source.isBlank() || source.length() > 200) {
            errors.put("source", "who records the interaction is required, at most 200 characters");
        }
    }

    private static <T> T parse(Map<String, String> errors, String field, String text, Function<String, T> parser) {
        if (text == null || text.isBlank()) {
            errors.put(field, "is required");
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            errors.put(field, e.getMessage());
            return null;
        }
    }

    private static void checkPayload(Map<String, String> errors, String prefix, Map<String, String> payload) {
        if (payload.size() > MAX_PAYLOAD_ENTRIES) {
            errors.put(prefix + "payload", "has " + payload.size() + " entries; at most " + MAX_PAYLOAD_ENTRIES);
            return;
        }
        for (Map.Entry<String, String> entry : payload.entrySet()) {
            String name = entry.getKey();
            if (name == null || !PAYLOAD_NAME.matcher(name).matches()) {
                errors.put(prefix + "payload", "'" + name + "' is not a payload name: letters, digits, '.', '_', '-', "
                        + "starting with a letter, at most 64");
            } else if (entry.getValue() == null) {
                errors.put(prefix + "payload." + name, "has no value");
            } else if (entry.getValue().length() > MAX_PAYLOAD_VALUE) {
                errors.put(prefix + "payload." + name, "is longer than " + MAX_PAYLOAD_VALUE + " characters");
            }
        }
    }
}
