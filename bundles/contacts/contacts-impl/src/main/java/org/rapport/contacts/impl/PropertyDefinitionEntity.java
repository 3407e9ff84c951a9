package org.rapport.contacts.impl;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.Table;

import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.contacts.api.PropertyType;

/** A custom contact property as an administrator defined it; choices one a line. */
@Entity
@Table(name = "CONTACT_PROPERTY_DEF")
class PropertyDefinitionEntity {

    @Id
    @Column(name = "NAME", nullable = false, length = 40)
    private String name;

    @Column(name = "LABEL", nullable = false, length = 100)
    private String label;

    @Enumerated(EnumType.STRING)
    @Column(name = "TYPE", nullable = false, length = 10)
    private PropertyType type;

    @Column(name = "CHOICES", length = 4000)
    private String choices;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected PropertyDefinitionEntity() {
    }

    PropertyDefinitionEntity(PropertyDefinition definition, Instant createdAt) {
        this.name = definition.name();
        this.type = definition.type();
        this.createdAt = createdAt;
        apply(definition);
    }

    void apply(PropertyDefinition definition) {
        label = definition.label();
        choices = definition.choices().isEmpty() ? null : String.join("\n", definition.choices());
    }

    PropertyDefinition toDto() {
        return new PropertyDefinition(name, label, type, choices == null ? List.of() : Arrays.asList(choices.split("\n")));
    }
}
