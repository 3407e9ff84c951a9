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

import org.rapport.contacts.api.Account;
import org.rapport.contacts.api.Address;

@Entity
@Table(name = "ACCOUNT", indexes = {
        @Index(name = "IX_ACCOUNT_NAME_KEY", columnList = "NAME_KEY"),
        @Index(name = "IX_ACCOUNT_DOMAIN", columnList = "DOMAIN")})
class AccountEntity {

    @Id
    @TableGenerator(name = "ACCOUNT_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "ACCOUNT", allocationSize = 20)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "ACCOUNT_ID")
    private long id;

    @Column(name = "NAME", nullable = false, length = 200)
    private String name;

    /** The name lower-cased, for prefix searches through an index. */
    @Column(name = "NAME_KEY", nullable = false, length = 200)
    private String nameKey;

    @Column(name = "DOMAIN", length = 253)
    private String domain;

    @Column(name = "INDUSTRY", length = 100)
    private String industry;

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

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "UPDATED_AT", nullable = false)
    private Instant updatedAt;

    protected AccountEntity() {
    }

    AccountEntity(AccountDetails details, Instant now) {
        createdAt = now;
        apply(details, now);
    }

    long id() {
        return id;
    }

    void apply(AccountDetails details, Instant now) {
        name = details.name();
        nameKey = ContactEntity.key(name);
        domain = details.domain();
        industry = details.industry();
        Address address = details.address();
        street = address.street();
        locality = address.locality();
        region = address.region();
        postalCode = address.postalCode();
        country = address.country();
        owner = details.owner();
        updatedAt = now;
    }

    Account toDto() {
        return new Account(id, name, domain, industry, new Address(street, locality, region, postalCode, country), owner,
                createdAt, updatedAt);
    }
}
