package org.rapport.rules.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Lob;
import javax.persistence.Table;

/** The shadow running for one package (table {@code RULE_SHADOW}); its files as a JSON object of name to text. */
@Entity
@Table(name = "RULE_SHADOW")
class ShadowEntity {

    @Id
    @Column(name = "PACKAGE_NAME", length = 64)
    private String rulePackage;

    @Column(name = "HASH", nullable = false, length = 64)
    private String hash;

    @Column(name = "ORIGIN", nullable = false, length = 1000)
    private String origin;

    @Column(name = "STARTED_AT", nullable = false)
    private Instant since;

    @Lob
    @Column(name = "FILES", nullable = false)
    private String files;

    protected ShadowEntity() {
    }

    ShadowEntity(StoredShadow shadow) {
        rulePackage = shadow.rulePackage();
        set(shadow);
    }

    final void set(StoredShadow shadow) {
        hash = shadow.hash();
        origin = shadow.origin();
        since = shadow.since();
        files = FlatJson.encode(shadow.files());
    }

    StoredShadow toShadow() {
        return new StoredShadow(rulePackage, hash, origin, since, FlatJson.decode(files));
    }
}
