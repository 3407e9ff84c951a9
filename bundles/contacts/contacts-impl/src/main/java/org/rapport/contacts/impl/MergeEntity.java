package org.rapport.contacts.impl;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Lob;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.contacts.api.Merge;

/**
 * A merge with what undoing it needs: the survivor's fields before and after (as {@code field=value}
 * lines; custom properties as {@code properties.<name>}), the tags it gained, and each
 * participant's summary and undo data.
 */
@Entity
@Table(name = "CONTACT_MERGE", indexes = {
        @Index(name = "IX_CONTACT_MERGE_SURVIVOR", columnList = "SURVIVOR_ID"),
        @Index(name = "IX_CONTACT_MERGE_MERGED", columnList = "MERGED_ID")})
class MergeEntity {

    @Id
    @TableGenerator(name = "CONTACT_MERGE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "CONTACT_MERGE", allocationSize = 10)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "CONTACT_MERGE_ID")
    private long id;

    @Column(name = "SURVIVOR_ID", nullable = false)
    private long survivorId;

    @Column(name = "MERGED_ID", nullable = false)
    private long mergedId;

    @Column(name = "MERGED_AT", nullable = false)
    private Instant mergedAt;

    @Column(name = "MERGED_BY", nullable = false, length = 120)
    private String mergedBy;

    @Column(name = "UNDONE_AT")
    private Instant undoneAt;

    @Column(name = "UNDONE_BY", length = 120)
    private String undoneBy;

    @Lob
    @Column(name = "BEFORE_FIELDS")
    private String before;

    @Lob
    @Column(name = "AFTER_FIELDS")
    private String after;

    @Column(name = "ADDED_TAGS", length = 1000)
    private String addedTags;

    /** Per participant: {@code name.summary} and {@code name.undo}, in the order they merged. */
    @Lob
    @Column(name = "OUTCOMES")
    private String outcomes;

    protected MergeEntity() {
    }

    MergeEntity(long survivorId, long mergedId, Instant at, String by, Map<String, String> before,
            Map<String, String> after, String addedTags) {
        this.survivorId = survivorId;
        this.mergedId = mergedId;
        this.mergedAt = at;
        this.mergedBy = by;
        this.before = Payloads.write(before);
        this.after = Payloads.write(after);
        this.addedTags = addedTags;
    }

    long id() {
        return id;
    }

    long survivorId() {
        return survivorId;
    }

    long mergedId() {
        return mergedId;
    }

    boolean undone() {
        return undoneAt != null;
    }

    Map<String, String> before() {
        return Payloads.read(before);
    }

    Map<String, String> after() {
        return Payloads.read(after);
    }

    String addedTags() {
        return addedTags == null ? "" : addedTags;
    }

    Map<String, String> outcomes() {
        return outcomes == null ? new LinkedHashMap<>() : new LinkedHashMap<>(Payloads.read(outcomes));
    }

    void outcomes(Map<String, String> values) {
        outcomes = Payloads.write(values);
    }

    void undone(Instant at, String by) {
        undoneAt = at;
        undoneBy = by;
    }

    Merge toDto() {
        Map<String, String> summaries = new LinkedHashMap<>();
        outcomes().forEach((key, value) -> {
            if (key.endsWith(".summary")) {
                summaries.put(key.substring(0, key.length() - ".summary".length()), value);
            }
        });
        return new Merge(id, survivorId, mergedId, mergedAt, mergedBy, undoneAt, undoneBy, summaries);
    }
}
