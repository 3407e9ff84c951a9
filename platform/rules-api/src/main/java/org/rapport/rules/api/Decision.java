package org.rapport.rules.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A decision made by a rule: what to do ({@link #type()}), to whom ({@link #subject()}), with
 * which {@link #attributes()}, and the rule and release that made it. Immutable.
 */
public final class Decision {

    private final String type;
    private final String subject;
    private final Map<String, String> attributes;
    private final String rule;
    private final String rulePackage;
    private final long release;

    public Decision(String type, String subject, Map<String, String> attributes, String rule,
            String rulePackage, long release) {
        this.type = Objects.requireNonNull(type, "type");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.attributes = copyOf(attributes);
        this.rule = Objects.requireNonNull(rule, "rule");
        this.rulePackage = Objects.requireNonNull(rulePackage, "rulePackage");
        this.release = release;
    }

    /**
     * An unmodifiable copy in the attributes' order. Most decisions carry no attribute or one
     * (a tier, a template), and a rules evaluation makes one or more per fact: those need no hash
     * table.
     */
    private static Map<String, String> copyOf(Map<String, String> attributes) {
        switch (attributes.size()) {
            case 0:
                return Collections.emptyMap();
            case 1:
                Map.Entry<String, String> only = attributes.entrySet().iterator().next();
                return Collections.singletonMap(only.getKey(), only.getValue());
            default:
                return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }
    }

    public String type() {
        return type;
    }

    public String subject() {
        return subject;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    /** The attribute {@code name}, or null. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    /** The name of the rule that made this decision. */
    public String rule() {
        return rule;
    }

    public String rulePackage() {
        return rulePackage;
    }

    /** The version of the release of {@link #rulePackage()} that made this decision. */
    public long release() {
        return release;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Decision)) {
            return false;
        }
        Decision d = (Decision) o;
        return release == d.release && type.equals(d.type) && subject.equals(d.subject)
                && attributes.equals(d.attributes) && rule.equals(d.rule) && rulePackage.equals(d.rulePackage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, subject, attributes, rule, rulePackage, release);
    }

    @Override
    public String toString() {
        return type + "(" + subject + ") " + attributes + " by \"" + rule + "\" (" + rulePackage + " v" + release + ")";
    }
}
