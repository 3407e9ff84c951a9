package org.rapport.events.impl;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.event.Event;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.privacy.spi.AuditEvents;

/**
 * Reads the Event Admin events the contacts capability posts into domain events. What each carries:
 * <ul>
 * <li>{@link AuditEvents#TOPIC} {@code contact.create} and {@code contact.update} (the contact in
 * {@link AuditEvents#CONTACT_ID}), {@code contact.merge} (the survivor in the subject, the merged
 * contact and the merge in the text after);</li>
 * <li>{@link InteractionEvents#RECORDED}: every interaction.</li>
 * </ul>
 * Purchases, tier changes, consent changes and customers at risk are not read here: loyalty,
 * privacy and retention record them in their own transactions ({@code DomainEvents}).
 * The audit's before and after texts, the interactions' summaries and sources carry names and
 * addresses; none of them is copied: the data holds ids, amounts and codes.
 */
final class EventMapper {

    private static final Pattern CONTACT = Pattern.compile("contact (\\d+)");
    private static final Pattern MERGED = Pattern.compile("contact (\\d+) merged in \\(merge (\\d+)\\)");

    /** A domain event before it is stored: no row, no id yet. */
    record Mapped(String type, long contactId, Instant occurredAt, Map<String, Object> data) {
    }

    private EventMapper() {
    }

    /** The domain events an Event Admin event stands for: none or one. */
    static List<Mapped> map(Event event, Instant now) {
        List<Mapped> out = new ArrayList<>();
        if (AuditEvents.TOPIC.equals(event.getTopic())) {
            audit(event, now).ifPresent(out::add);
        } else if (InteractionEvents.RECORDED.equals(event.getTopic())) {
            interaction(event, now, out);
        }
        return out;
    }

    private static Optional<Mapped> audit(Event event, Instant now) {
        String action = text(event, AuditEvents.ACTION);
        if (action == null) {
            return Optional.empty();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        switch (action) {
            case "contact.create", "contact.update" -> {
                Long id = number(event.getProperty(AuditEvents.CONTACT_ID));
                if (id == null) {
                    return Optional.empty();
                }
                data.put("contactId", id);
                data.put("actor", text(event, AuditEvents.ACTOR));
                return Optional.of(new Mapped(action.equals("contact.create") ? EventTypes.CONTACT_CREATED
                        : EventTypes.CONTACT_UPDATED, id, now, data));
            }
            case "contact.merge" -> {
                Matcher survivor = CONTACT.matcher(String.valueOf(text(event, AuditEvents.SUBJECT)));
                Matcher merged = MERGED.matcher(String.valueOf(text(event, AuditEvents.AFTER)));
                if (!survivor.matches() || !merged.lookingAt()) {
                    return Optional.empty();
                }
                long id = Long.parseLong(survivor.group(1));
                data.put("contactId", id);
                data.put("mergedContactId", Long.parseLong(merged.group(1)));
                data.put("mergeId", Long.parseLong(merged.group(2)));
                data.put("actor", text(event, AuditEvents.ACTOR));
                return Optional.of(new Mapped(EventTypes.CONTACT_MERGED, id, now, data));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static void interaction(Event event, Instant now, List<Mapped> out) {
        Long contact = number(event.getProperty(InteractionEvents.CONTACT_ID));
        if (contact == null) {
            return;
        }
        Instant at = instant(text(event, InteractionEvents.OCCURRED_AT), now);
        String type = text(event, InteractionEvents.TYPE);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", contact);
        data.put("interactionId", number(event.getProperty(InteractionEvents.INTERACTION_ID)));
        data.put("type", type);
        data.put("channel", text(event, InteractionEvents.CHANNEL));
        data.put("direction", text(event, InteractionEvents.DIRECTION));
        data.put("occurredAt", at.toString());
        out.add(new Mapped(EventTypes.INTERACTION_RECORDED, contact, at, data));
    }

    private static String text(Event event, String property) {
        Object value = event.getProperty(property);
        return value == null ? null : value.toString();
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && s.strip().matches("\\d{1,18}")) {
            return Long.parseLong(s.strip());
        }
        return null;
    }

    private static Instant instant(String text, Instant otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return otherwise;
        }
    }
}
