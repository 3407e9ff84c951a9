package org.rapport.contacts.impl;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Index;
import javax.persistence.Table;

import org.rapport.contacts.api.PropertyType;

/**
 * One custom property value of one contact. The value is kept as text in a canonical form
 * (numbers plain, dates ISO, booleans {@code true}/{@code false}), so equal values compare equal
 * and the index on name and value serves {@code prop:name=value} searches; numbers are also kept
 * as numbers, for ranges. The Java type is kept with the value (choices as text): a property's
 * type never changes.
 */
@Entity
@IdClass(ContactPropertyEntity.Key.class)
@Table(name = "CONTACT_PROPERTY", indexes = {
        @Index(name = "IX_CONTACT_PROPERTY_VALUE", columnList = "NAME, TEXT_VALUE"),
        @Index(name = "IX_CONTACT_PROPERTY_NUMBER", columnList = "NAME, NUMBER_VALUE")})
class ContactPropertyEntity {

    @Id
    @Column(name = "CONTACT_ID", nullable = false)
    private long contactId;

    @Id
    @Column(name = "NAME", nullable = false, length = 40)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "TYPE", nullable = false, length = 10)
    private PropertyType type;

    @Column(name = "TEXT_VALUE", nullable = false, length = PropertyType.MAX_TEXT)
    private String text;

    @Column(name = "NUMBER_VALUE", precision = 21, scale = 6)
    private BigDecimal number;

    protected ContactPropertyEntity() {
    }

    /** @param value in its property type's Java type: the type to read it back as is taken from it */
    ContactPropertyEntity(long contactId, String name, Object value) {
        this.contactId = contactId;
        this.name = name;
        this.type = value instanceof BigDecimal ? PropertyType.NUMBER : value instanceof LocalDate ? PropertyType.DATE
                : value instanceof Boolean ? PropertyType.BOOLEAN : PropertyType.TEXT;
        this.text = text(value);
        this.number = value instanceof BigDecimal b ? b : null;
    }

    /** The canonical text of a value in its property type's Java type. */
    static String text(Object value) {
        return value instanceof BigDecimal b ? b.toPlainString() : String.valueOf(value);
    }

    long contactId() {
        return contactId;
    }

    String name() {
        return name;
    }

    Object value() {
        return switch (type) {
            case NUMBER -> PropertyType.NUMBER.convert(number != null ? number : new BigDecimal(text), List.of());
            case DATE -> LocalDate.parse(text);
            case BOOLEAN -> Boolean.valueOf(text);
            default -> text;
        };
    }

    /** The composite key: contact and property name. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private long contactId;
        private String name;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.contactId == contactId && Objects.equals(k.name, name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(contactId, name);
        }
    }
}
