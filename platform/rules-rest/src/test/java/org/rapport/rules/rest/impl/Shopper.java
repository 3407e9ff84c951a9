package org.rapport.rules.rest.impl;

/** A fact type for these tests. */
public class Shopper {
    private final String id;
    private final int spend;

    public Shopper(String id, int spend) {
        this.id = id;
        this.spend = spend;
    }

    public String getId() {
        return id;
    }

    public int getSpend() {
        return spend;
    }
}
