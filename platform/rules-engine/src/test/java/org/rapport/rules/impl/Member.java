package org.rapport.rules.impl;

/** A fact type for the static checks' tests: numbers, whole and nullable, text and a boolean. */
public class Member {
    private final String id;
    private final String tier;
    private final int points;
    private final Integer months;
    private final boolean active;

    public Member(String id, String tier, int points, Integer months, boolean active) {
        this.id = id;
        this.tier = tier;
        this.points = points;
        this.months = months;
        this.active = active;
    }

    public String getId() {
        return id;
    }

    public String getTier() {
        return tier;
    }

    public int getPoints() {
        return points;
    }

    public Integer getMonths() {
        return months;
    }

    public boolean isActive() {
        return active;
    }
}
