package org.rapport.contacts.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The custom properties contacts may have, as administrators define them. A contact's values are
 * checked against these definitions whenever it is stored: an unknown property or a value of the
 * wrong type is refused with the property named ({@code properties.birthDate}).
 */
@ProviderType
public interface ContactProperties {

    /** Every definition, by name. */
    List<PropertyDefinition> definitions();

    Optional<PropertyDefinition> definition(String name);

    /**
     * Defines a property, or changes the label and choices of a defined one. Its type cannot
     * change, and a choice cannot go while a contact holds it.
     *
     * @throws ContactValidationException naming the field at fault ({@code name}, {@code type},
     *         {@code choices})
     */
    PropertyDefinition define(PropertyDefinition definition);

    /**
     * Removes a definition with every contact's value of it.
     *
     * @return how many contacts had a value
     * @throws ContactValidationException for an unknown property
     */
    long remove(String name);
}
