package org.rapport.persistence;

import javax.persistence.Entity;
import javax.persistence.Id;

@Entity
public class Note {
    @Id
    private long id;
    private String text;
    private java.time.Instant happenedAt;

    protected Note() {
    }

    Note(long id, String text) {
        this(id, text, null);
    }

    Note(long id, String text, java.time.Instant at) {
        this.id = id;
        this.text = text;
        this.happenedAt = at;
    }

    java.time.Instant at() {
        return happenedAt;
    }

    String text() {
        return text;
    }
}
