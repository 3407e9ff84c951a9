package org.rapport.contacts.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.EnumType;
import javax.persistence.Enumerated;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.JoinColumn;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;

@Entity
@Table(name = "CONTACT", indexes = {
        @Index(name = "UQ_CONTACT_EMAIL", columnList = "EMAIL", unique = true),
        @Index(name = "IX_CONTACT_FIRST_KEY", columnList = "FIRST_KEY"),
        @Index(name = "IX_CONTACT_LAST_KEY", columnList = "LAST_KEY"),
        @Index(name = "IX_CONTACT_PHONE", columnList = "PHONE"),
        @Index(name = "IX_CONTACT_ACCOUNT", columnList = "ACCOUNT_ID"),
        @Index(name = "IX_CONTACT_OWNER", columnList = "OWNER"),
        @Index(name = "IX_CONTACT_MERGED_INTO", columnList = "MERGED_INTO"),
        @Index(name = "IX_CONTACT_UPDATED_AT", columnList = "UPDATED_AT")})
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

    /** The IANA time zone the contact lives in, or null. */
    @Column(name = "TIME_ZONE", length = 60)
    private String timeZone;

    @Enumerated(EnumType.STRING)
    @Column(name = "PREFERRED_CHANNEL", length = 16)
    private Channel preferredChannel;

    @Column(name = "ADDR_STREET", length = 200)
    private String street;

    @Column(name = "ADDR_LOCALITY", length = 200)
    private String locality;

    @Column(name = "ADDR_REGION", length = 200)
    private String region;

    @Column(name = "ADDR_POSTAL_CODE", length = 200)
    private String postalCode;

    @Column(name = "ADDR_COUNTRY", length = 2)
    private String country;

    @Column(name = "OWNER", length = 64)
    private String owner;

    @Column(name = "ACCOUNT_ID")
    private Long accountId;

    /** The survivor this contact was merged into; such a contact is hidden from lists and searches. */
    @Column(name = "MERGED_INTO")
    private Long mergedInto;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    /** Null for contacts stored before updates were recorded: then {@link #createdAt}. */
    @Column(name = "UPDATED_AT")
    private Instant updatedAt;

    /**
     * The first {@value #NAME_KEY_LENGTH} characters of the name keys and the email address, one
     * row each in {@code CONTACT_NAME_KEY}, indexed by key and id: a name search with common
     * words intersects their short id lists instead of reading contacts (see {@link ContactSearch}).
     * Kept by JPA with the contact: written when it is stored, changed when its names or address
     * change, deleted with it.
     */
    @ElementCollection
    @CollectionTable(name = "CONTACT_NAME_KEY", joinColumns = @JoinColumn(name = "CONTACT_ID"), indexes = {
            @Index(name = "IX_CONTACT_NAME_KEY_CONTACT", columnList = "CONTACT_ID")})
    @Column(name = "NAME_KEY", length = NAME_KEY_LENGTH, nullable = false)
    private Set<String> nameKeys = new HashSet<>();

    static final int NAME_KEY_LENGTH = 3;

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
        Set<String> keys = nameKeys(firstKey, lastKey, email);
        if (!nameKeys.equals(keys)) {
            nameKeys.retainAll(keys);
            nameKeys.addAll(keys);
        }
        phone = details.phone();
        language = details.language();
        timeZone = details.timeZone();
        preferredChannel = details.preferredChannel();
        Address address = details.address();
        street = address.street();
        locality = address.locality();
        region = address.region();
        postalCode = address.postalCode();
        country = address.country();
        owner = details.owner();
        accountId = details.accountId();
        updatedAt = now;
    }

    Long accountId() {
        return accountId;
    }

    Long mergedInto() {
        return mergedInto;
    }

    void mergedInto(Long survivor, Instant now) {
        mergedInto = survivor;
        updatedAt = now;
    }

    /** Whether these details (with tags and properties) are what is stored already. */
    boolean same(ContactDetails details, Set<String> tags, Map<String, Object> properties) {
        return Objects.equals(email, details.email()) && Objects.equals(firstName, details.firstName())
                && Objects.equals(lastName, details.lastName()) && Objects.equals(phone, details.phone())
                && Objects.equals(language, details.language()) && preferredChannel == details.preferredChannel()
                && Objects.equals(timeZone, details.timeZone())
                && address().equals(details.address()) && Objects.equals(owner, details.owner())
                && Objects.equals(accountId, details.accountId()) && tags.equals(details.tags())
                && properties.equals(details.properties());
    }

    /** The values that single this person out, for scrubbing copies kept outside this table (import reports). */
    List<String> identifyingValues() {
        List<String> values = new ArrayList<>();
        for (String value : new String[] {email, phone, firstName, lastName, street}) {
            if (value != null && value.length() >= 3) {
                values.add(value);
            }
        }
        return values;
    }

    private Address address() {
        return new Address(street, locality, region, postalCode, country);
    }

    static String key(String name) {
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }

    /** The name key of a lower-cased search word or stored value: its first characters, or null if it is shorter. */
    static String nameKey(String lower) {
        return lower == null || lower.length() < NAME_KEY_LENGTH ? null : lower.substring(0, NAME_KEY_LENGTH);
    }

    private static Set<String> nameKeys(String... values) {
        Set<String> keys = new HashSet<>();
        for (String value : values) {
            String key = nameKey(value);
            if (key != null) {
                keys.add(key);
            }
        }
        return keys;
    }

    Contact toDto(Set<String> tags, Map<String, Object> properties) {
        return new Contact(id, email, firstName, lastName, phone, language, preferredChannel, tags, createdAt,
                updatedAt == null ? createdAt : updatedAt, address(), owner, accountId, properties, mergedInto, timeZone);
    }
}
