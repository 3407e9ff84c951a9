package org.rapport.rules.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.CascadeType;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.FetchType;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.JoinColumn;
import javax.persistence.Lob;
import javax.persistence.OneToMany;
import javax.persistence.OrderBy;
import javax.persistence.Table;
import javax.persistence.TableGenerator;

import org.rapport.rules.api.Release;

@Entity
@Table(name = "RULE_RELEASE", indexes = @Index(name = "UQ_RULE_RELEASE", columnList = "PACKAGE_NAME,VERSION", unique = true))
class ReleaseEntity {

    // Ids come from a table so the same mapping works on Derby and PostgreSQL.
    @Id
    @TableGenerator(name = "RULE_RELEASE_ID", table = "RAPPORT_ID", pkColumnName = "NAME", valueColumnName = "NEXT_ID",
            pkColumnValue = "RULE_RELEASE", allocationSize = 10)
    @GeneratedValue(strategy = GenerationType.TABLE, generator = "RULE_RELEASE_ID")
    private long id;

    @Column(name = "PACKAGE_NAME", nullable = false, length = 64)
    private String rulePackage;

    @Column(name = "VERSION", nullable = false)
    private long version;

    @Column(name = "HASH", nullable = false, length = 64)
    private String hash;

    @Column(name = "ACTIVATED_AT", nullable = false)
    private Instant activatedAt;

    @Column(name = "ORIGIN", nullable = false, length = 1000)
    private String origin;

    // Nullable: databases created before authors were recorded gain the column empty.
    @Column(name = "AUTHOR", length = 200)
    private String author;

    @Column(name = "RULE_COUNT", nullable = false)
    private int ruleCount;

    // The static checks' warnings, one a line; null when there were none (and before they were kept).
    @Lob
    @Column(name = "NOTES")
    private String notes;

    // What the release's scenarios fired, as JSON (Coverage); null for releases stored before it was recorded.
    @Lob
    @Column(name = "COVERAGE")
    private String coverage;

    @OneToMany(cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.LAZY)
    @JoinColumn(name = "RELEASE_ID", nullable = false)
    @OrderBy("name")
    private List<ReleaseFileEntity> files = new ArrayList<>();

    protected ReleaseEntity() {
    }

    ReleaseEntity(Release release, Map<String, String> content, String coverage) {
        this.coverage = coverage;
        rulePackage = release.rulePackage();
        version = release.version();
        hash = release.hash();
        activatedAt = release.activatedAt();
        origin = release.origin();
        author = release.author();
        ruleCount = release.ruleCount();
        notes = release.notes().isEmpty() ? null : String.join("\n", release.notes());
        content.forEach((name, text) -> files.add(new ReleaseFileEntity(name, text)));
    }

    Release toRelease() {
        return new Release(rulePackage, version, hash, activatedAt, origin, author == null ? "unknown" : author,
                files.stream().map(ReleaseFileEntity::name).sorted().toList(), ruleCount,
                notes == null ? List.of() : List.of(notes.split("\n")));
    }

    Map<String, String> content() {
        Map<String, String> content = new TreeMap<>();
        files.forEach(f -> content.put(f.name(), f.content()));
        return content;
    }
}
