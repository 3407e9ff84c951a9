package org.rapport.contacts.impl;

import java.time.ZoneId;
import java.util.Collections;
import java.util.IllformedLocaleException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.PropertyDefinition;

/**
 * A contact's details checked and put in their stored form: email lower-cased, phone digits, tags
 * sorted, address parts stripped and the country upper-cased, property values in their types.
 * Whether the owner is a user and the account exists is for the service to check.
 */
record ContactDetails(String email, String firstName, String lastName, String phone, String language,
        Channel preferredChannel, Set<String> tags, Address address, String owner, Long accountId,
        SortedMap<String, Object> properties, String timeZone) {

    /** The names users have in Rapport's realm. */
    static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    static final int MAX_PROPERTIES = 50;
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final int MAX_ADDRESS_PART = 200;

    /** Deliberately simple: one '@', a dot in the domain, no spaces. Deliverability is checked by sending. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{4,15}");
    private static final Pattern PHONE_PUNCTUATION = Pattern.compile("[\\s().\\-/]");
    static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    static final int MAX_TAGS = 20;
    private static final int MAX_NAME = 100;
    private static final int MAX_SHOWN = 60;
    static final String CONTROL_REFUSED = "may not contain control characters (such as NUL, escape or a line break)";

    /** Checks every field and names each that is wrong; {@code definitions} knows the custom properties. */
    static ContactDetails of(NewContact contact, Function<String, Optional<PropertyDefinition>> definitions) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (contact == null) {
            throw new ContactValidationException(Map.of("email", "is required"));
        }
        String email = contact.email() == null ? "" : contact.email().strip().toLowerCase(Locale.ROOT);
        if (email.isEmpty()) {
            errors.put("email", "is required");
        } else if (email.length() > 254 || !EMAIL.matcher(email).matches() || hasControl(email)) {
            errors.put("email", "'" + shown(contact.email()) + "' is not an email address");
        }
        String first = name(errors, "firstName", contact.firstName());
        String last = name(errors, "lastName", contact.lastName());
        String phone = phone(errors, contact.phone());
        String language = language(errors, contact.language());
        Channel channel = null;
        if (contact.preferredChannel() != null && !contact.preferredChannel().isBlank()) {
            try {
                channel = Channel.parse(contact.preferredChannel());
            } catch (IllegalArgumentException e) {
                errors.put("preferredChannel", e.getMessage());
            }
        }
        Set<String> tags = tags(errors, contact.tags());
        Address address = address(errors, contact.address());
        String owner = contact.owner() == null || contact.owner().isBlank() ? null : contact.owner().strip();
        if (owner != null && !OWNER.matcher(owner).matches()) {
            errors.put("owner", "'" + shown(contact.owner()) + "' is not a user name");
        }
        if (contact.accountId() != null && contact.accountId() <= 0) {
            errors.put("accountId", "an account id is a positive whole number, not " + contact.accountId());
        }
        SortedMap<String, Object> properties = properties(errors, contact.properties(), definitions);
        String timeZone = timeZone(errors, contact.timeZone());
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        return new ContactDetails(email, first, last, phone, language, channel, tags, address, owner,
                contact.accountId(), Collections.unmodifiableSortedMap(properties), timeZone);
    }

    static Address address(Map<String, String> errors, Address address) {
        if (address == null || address.isEmpty()) {
            return Address.NONE;
        }
        String country = part(errors, "address.country", address.country());
        if (country != null) {
            country = country.toUpperCase(Locale.ROOT);
            if (!COUNTRIES.contains(country)) {
                errors.put("address.country", "'" + shown(address.country()) + "' is not an ISO 3166 country code such as "
                        + "DE, FR or BR");
            }
        }
        return new Address(part(errors, "address.street", address.street()),
                part(errors, "address.locality", address.locality()), part(errors, "address.region", address.region()),
                part(errors, "address.postalCode", address.postalCode()), country);
    }

    private static String part(Map<String, String> errors, String field, String value) {
        String part = value == null || value.isBlank() ? null : value.strip();
        if (part != null && part.length() > MAX_ADDRESS_PART) {
            errors.put(field, "is longer than " + MAX_ADDRESS_PART + " characters");
        } else if (part != null && hasControl(part)) {
            errors.put(field, CONTROL_REFUSED);
        }
        return part;
    }

    private static SortedMap<String, Object> properties(Map<String, String> errors, Map<String, Object> values,
            Function<String, Optional<PropertyDefinition>> definitions) {
        SortedMap<String, Object> properties = new TreeMap<>();
        if (values == null) {
            return properties;
        }
        if (values.size() > MAX_PROPERTIES) {
            errors.put("properties", "a contact has at most " + MAX_PROPERTIES + " properties, not " + values.size());
            return properties;
        }
        values.forEach((name, value) -> {
            String field = "properties." + name;
            Optional<PropertyDefinition> definition = name == null ? Optional.empty() : definitions.apply(name);
            if (definition.isEmpty()) {
                errors.put(field, "there is no such property; an administrator defines properties (contacts:define-property)");
            } else if (value != null && !(value instanceof String s && s.isBlank())) {
                try {
                    properties.put(name, definition.get().convert(value));
                } catch (IllegalArgumentException e) {
                    errors.put(field, e.getMessage());
                }
            }
        });
        return properties;
    }

    private static String name(Map<String, String> errors, String field, String value) {
        String name = value == null || value.isBlank() ? null : value.strip();
        if (name != null && name.length() > MAX_NAME) {
            errors.put(field, "is longer than " + MAX_NAME + " characters");
        } else if (name != null && hasControl(name)) {
            errors.put(field, CONTROL_REFUSED);
        }
        return name;
    }

    /**
     * Names and addresses are one line of text: no control character at all (NUL, escape, a line
     * break), as each can cut a value short in C code, rewrite a terminal or forge a log line.
     */
    static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    /**
     * A value quoted in a refusal: its start only when long, so that a refusal does not repeat a
     * huge input, and control characters written out as escapes.
     */
    static String shown(String value) {
        if (value == null) {
            return "null";
        }
        String start = value.length() <= MAX_SHOWN ? value : value.substring(0, MAX_SHOWN);
        StringBuilder shown = new StringBuilder();
        start.chars().forEach(c -> shown.append(Character.isISOControl(c) ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return value.length() <= MAX_SHOWN ? shown.toString() : shown + "… (" + value.length() + " characters)";
    }

    /** The phone as it is stored and searched: digits, with a leading '+' if one was given. */
    static String normalPhone(String phone) {
        return PHONE_PUNCTUATION.matcher(phone.strip()).replaceAll("");
    }

    private static String phone(Map<String, String> errors, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String phone = normalPhone(value);
        if (!PHONE.matcher(phone).matches()) {
            errors.put("phone", "'" + shown(value) + "' is not a phone number: 4 to 15 digits, optionally after a '+'");
            return null;
        }
        return phone;
    }

    /** An IANA time zone id as Java knows them ({@code Europe/Paris}); not an offset or an abbreviation. */
    static String timeZone(Map<String, String> errors, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String zone = value.strip();
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            errors.put("timeZone", "'" + shown(value) + "' is not an IANA time zone such as Europe/Paris or "
                    + "America/New_York");
            return null;
        }
        return zone;
    }

    private static String language(Map<String, String> errors, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Locale locale = new Locale.Builder().setLanguageTag(value.strip()).build();
            if (!locale.getLanguage().isEmpty()) {
                return locale.toLanguageTag();
            }
        } catch (IllformedLocaleException e) {
            // answered below
        }
        errors.put("language", "'" + shown(value) + "' is not a language tag such as en, fr or pt-BR");
        return null;
    }

    private static Set<String> tags(Map<String, String> errors, Set<String> values) {
        Set<String> tags = new TreeSet<>();
        if (values == null) {
            return tags;
        }
        for (String value : values) {
            String tag = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
            if (!TAG.matcher(tag).matches()) {
                errors.put("tags", "'" + shown(value) + "' is not a tag: letters, digits, '-' and '_', at most 32");
                return tags;
            }
            tags.add(tag);
        }
        if (tags.size() > MAX_TAGS) {
            errors.put("tags", "a contact has at most " + MAX_TAGS + " tags, not " + tags.size());
        }
        return tags;
    }
}
