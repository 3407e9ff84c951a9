package org.rapport.rest.impl.security;

import java.util.Set;
import java.util.TreeSet;

import javax.persistence.CollectionTable;
import javax.persistence.Column;
import javax.persistence.ElementCollection;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.Id;
import javax.persistence.JoinColumn;
import javax.persistence.Table;

/**
 * A person who logs in: the name, a bcrypt hash of the password (never the password), and the
 * Karaf roles held (a Rapport role and the Karaf roles it needs). In the database, so every node
 * sharing it knows the same people.
 */
@Entity
@Table(name = "RAPPORT_USER")
class UserEntity {

    @Id
    @Column(name = "NAME", length = 64)
    private String name;

    @Column(name = "PASSWORD", nullable = false, length = 200)
    private String password;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "RAPPORT_USER_ROLE", joinColumns = @JoinColumn(name = "NAME"))
    @Column(name = "ROLE", length = 64)
    private Set<String> roles = new TreeSet<>();

    protected UserEntity() {
    }

    UserEntity(String name, String password, Set<String> roles) {
        this.name = name;
        this.password = password;
        this.roles = new TreeSet<>(roles);
    }

    String name() {
        return name;
    }

    String password() {
        return password;
    }

    void password(String hash) {
        this.password = hash;
    }

    Set<String> roles() {
        return roles;
    }

    void roles(Set<String> karafRoles) {
        roles.clear();
        roles.addAll(karafRoles);
    }
}
