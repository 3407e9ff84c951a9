package org.rapport.rules.impl;

/** A fact type for the engine's own tests. */
public class Customer {
    private final String id;
    private final int spend;

    public Customer(String id, int spend) {
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
