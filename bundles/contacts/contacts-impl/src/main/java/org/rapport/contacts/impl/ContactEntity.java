package org.rapport.contacts.impl;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;

@Entity
@Table(name = "CONTACT", indexes = {
        @Index(name = "UQ_CONTACT_EMAIL", columnList = "EMAIL", unique = true),
        @Index(name = "IX_CONTACT_FIRST_KEY", columnList = "FIRST_KEY"),
        @Index(name = "IX_CONTACT_LAST_KEY", columnList = "LAST_KEY"),
        @Index(name = "IX_CONTACT_PHONE", columnList = "PHONE")})
class ContactEntity {

    @Id
    // Ids come from a table so the same mapping works on Derby and PostgreSQL; blocks of 50 keep inserts fast.
    @TableGenerator(name = "CONTACT_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "CONTACT", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "CONTACT_ID")
    private long id;

    /** Stored lower-cased, so uniqueness does not depend on how an address was typed. */
    @Column(name = "EMAIL", nullable = false, length = 254)
    private String email;

    @Column(name = "FIRST_NAME", length = 100)
    private String firstName;

    @Column(name = "LAST_NAME", length = 100)
    private String lastName;

    /** The names lower-cased, so that a prefix search can use an index. */
    @Column(name = "FIRST_KEY", length = 100)
    private String firstKey;

    @Column(name = "LAST_KEY", length = 100)
    private String lastKey;

    @Column(name = "PHONE", length = 16)
    private String phone;

    @Column(name = "LANGUAGE", length = 35)
    private String language;

    @Enumerated(EnumType.STRING)
    @Column(name = "PREFERRED_CHANNEL", length = 16)
    private Channel preferredChannel;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    /** Null for contacts stored before updates were recorded: then {@link #createdAt}. */
    @Column(name = "UPDATED_AT")
    private Instant updatedAt;

    protected ContactEntity() {
    }

    ContactEntity(ContactDetails details, Instant createdAt) {
        this.createdAt = createdAt;
        apply(details, createdAt);
    }

    long id() {
        return id;
    }

    String email() {
        return email;
    }

    void apply(ContactDetails details, Instant now) {
        email = details.email();
        firstName = details.firstName();
        lastName = details.lastName();
        firstKey = key(firstName);
        lastKey = key(lastName);
        phone = details.phone();
        language = details.language();
        preferredChannel = details.preferredChannel();
        updatedAt = now;
    }

    /** Whether these details (and tags) are what is stored already. */
    boolean same(ContactDetails details, Set<String> tags) {
        return Objects.equals(email, details.email()) && Objects.equals(firstName, details.firstName())
                && Objects.equals(lastName, details.lastName()) && Objects.equals(phone, details.phone())
                && Objects.equals(language, details.language()) && preferredChannel == details.preferredChannel()
                && tags.equals(details.tags());
    }

    static String key(String name) {
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }

    Contact toDto(Set<String> tags) {
        return new Contact(id, email, firstName, lastName, phone, language, preferredChannel, tags, createdAt,
                updatedAt == null ? createdAt : updatedAt);
    }
}
