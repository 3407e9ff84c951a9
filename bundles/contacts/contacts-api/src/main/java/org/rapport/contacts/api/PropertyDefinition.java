package org.rapport.contacts.api;

import java.util.List;
import java.util.Objects;

/**
 * A custom contact property that an administrator defined, such as {@code birthDate} (a date) or
 * {@code segment} (a choice of {@code retail}, {@code trade}). Contacts may hold a value for each
 * defined property and no other.
 *
 * @param name letters and digits, starting with a lower-case letter, at most 40
 * @param label what people read, such as "Date of birth"; the name when not given
 * @param choices the allowed values of a {@link PropertyType#CHOICE}, empty for the other types
 */
public record PropertyDefinition(String name, String label, PropertyType type, List<String> choices) {

    public PropertyDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        label = label == null || label.isBlank() ? name : label.strip();
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    /** A property of a type other than choice. */
    public PropertyDefinition(String name, String label, PropertyType type) {
        this(name, label, type, List.of());
    }

    /**
     * A value of this property in its one Java type.
     *
     * @throws IllegalArgumentException saying what the value should look like
     */
    public Object convert(Object value) {
        return type.convert(value, choices);
    }
}
