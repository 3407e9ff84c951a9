package org.rapport.privacy.impl.rest;

import java.util.Locale;

import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactService;
import org.rapport.privacy.api.ConsentState;
import org.rapport.rest.ApiException;

/** Reading the fields of privacy requests, each refusal naming its field. */
final class Requests {

    private Requests() {
    }

    static long contact(ContactService contacts, String id) {
        long contactId;
        try {
            contactId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("id", "a contact id is a whole number, not '" + id + "'");
        }
        if (contacts.find(contactId).isEmpty()) {
            throw ApiException.notFound("contact", contactId);
        }
        return contactId;
    }

    /** The channel named, or null for every channel when none is. */
    static Channel channel(String channel) {
        if (channel == null || channel.isBlank() || channel.equalsIgnoreCase("all")) {
            return null;
        }
        try {
            return Channel.parse(channel);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("channel", e.getMessage() + ", or leave it out for every channel");
        }
    }

    static ConsentState state(String state) {
        if (state == null) {
            throw ApiException.invalid("state", "state is required: granted or withdrawn");
        }
        return switch (state.strip().toLowerCase(Locale.ROOT)) {
            case "granted", "grant" -> ConsentState.GRANTED;
            case "withdrawn", "withdraw" -> ConsentState.WITHDRAWN;
            default -> throw ApiException.invalid("state", "'" + state + "' is not a state: granted or withdrawn");
        };
    }

    /** A service's refusal: 404 for a contact that does not exist, else a 400 naming the field its message starts with. */
    static ApiException refused(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("contact ") && message.endsWith("does not exist")) {
            return new ApiException(404, "not_found", message);
        }
        return ApiException.refused(e);
    }
}
