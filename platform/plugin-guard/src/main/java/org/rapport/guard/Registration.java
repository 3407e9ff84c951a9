package org.rapport.guard;

/**
 * What a plugin may register only if its capability manifest declares it, each checked against
 * one attribute of the capability {@value PluginManifest#NAMESPACE}.
 */
public enum Registration {
    /** A JAX-RS resource, named by the path it serves ({@code /api/v1/referrals}): {@code rest-paths}. */
    REST_PATH("rest-path", "rest-paths"),
    /** A message channel, named by its {@code rapport.channel} property: {@code channels}. */
    CHANNEL("channel", "channels"),
    /** A rule pack carried under {@code META-INF/rules/<package>/}, named by its package: {@code rule-packages}. */
    RULE_PACKAGE("rule-package", "rule-packages"),
    /** A fact model, named by each rule package it serves: {@code rule-packages}. */
    FACT_MODEL("fact-model", "rule-packages"),
    /** An erasure participant, named by its {@code name()}: allowed when {@code personal-data} is declared. */
    ERASURE_PARTICIPANT("erasure-participant", "personal-data"),
    /** An offer source, named by its {@code rapport.offer.source} property: {@code offer-sources}. */
    OFFER_SOURCE("offer-source", "offer-sources");

    private final String word;
    private final String attribute;

    Registration(String word, String attribute) {
        this.word = word;
        this.attribute = attribute;
    }

    /** The kind in one word, as the log, the audit log and {@code plugins:show} name it. */
    public String word() {
        return word;
    }

    /** The capability attribute that must declare it. */
    public String attribute() {
        return attribute;
    }
}
