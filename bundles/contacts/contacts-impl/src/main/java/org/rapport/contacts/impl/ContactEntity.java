package org.rapport.contacts.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.contacts.api.Contact;

@Entity
@Table(name = "CONTACT", indexes = @Index(name = "UQ_CONTACT_EMAIL", columnList = "EMAIL", unique = true))
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

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    protected ContactEntity() {
    }

    ContactEntity(String email, String firstName, String lastName, Instant createdAt) {
        this.email = email;
        this.firstName = firstName;
        this.lastName = lastName;
        this.createdAt = createdAt;
    }

    Contact toDto() {
        return new Contact(id, email, firstName, lastName, createdAt);
    }
}
