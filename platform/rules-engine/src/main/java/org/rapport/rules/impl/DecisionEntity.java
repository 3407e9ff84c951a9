package org.rapport.rules.impl;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;

import org.rapport.rules.api.Decision;
import org.rapport.rules.api.LedgerEntry;

/**
 * A row of the decision ledger. Rows are written by the bundles that apply decisions, with a
 * native insert in their own transaction ({@link JpaDecisionLedger#record}); this mapping
 * creates the table and reads it.
 */
@Entity
@Table(name = "RULE_DECISION", indexes = @Index(name = "IX_RULE_DECISION_SUBJECT", columnList = "SUBJECT,DECIDED_AT"))
class DecisionEntity {

    // An identity column, so the owners' native inserts need no id of their own.
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "ID")
    private long id;

    @Column(name = "SUBJECT", nullable = false, length = 255)
    private String subject;

    @Column(name = "DECISION_TYPE", nullable = false, length = 100)
    private String type;

    @Column(name = "ATTRIBUTES", nullable = false, length = 4000)
    private String attributes;

    @Column(name = "RULE_NAME", nullable = false, length = 250)
    private String rule;

    @Column(name = "PACKAGE_NAME", nullable = false, length = 64)
    private String rulePackage;

    @Column(name = "RELEASE_VERSION", nullable = false)
    private long release;

    @Lob
    @Column(name = "FACTS")
    private String facts;

    @Column(name = "DECIDED_AT", nullable = false)
    private Instant decidedAt;

    protected DecisionEntity() {
    }

    LedgerEntry toEntry() {
        return new LedgerEntry(new Decision(type, subject, FlatJson.decode(attributes), rule, rulePackage, release),
                facts, decidedAt);
    }
}
