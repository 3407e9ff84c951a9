package org.rapport.rules.api;

/**
 * The OSGi Event Admin events the rules engine posts, for anyone who follows rule releases
 * (the hot folder, audit, other nodes).
 */
public final class RuleEvents {

    /** Posted after a release became active; properties below. */
    public static final String RELEASE_ACTIVATED = "org/rapport/rules/RELEASE_ACTIVATED";
    /** Posted after a package's release was withdrawn with the bundle that carried it; properties below. */
    public static final String RELEASE_WITHDRAWN = "org/rapport/rules/RELEASE_WITHDRAWN";

    /**
     * Posted when the rules' allow-list, as extended by an administrator in configuration, changes
     * or is read at start with entries; property {@link #ALLOW_LIST}.
     *
     * @since 2.5
     */
    public static final String ALLOW_LIST_CHANGED = "org/rapport/rules/ALLOW_LIST_CHANGED";
    /**
     * Property of {@link #ALLOW_LIST_CHANGED}: the entries configuration adds to the shipped
     * allow-list, one per line (String; empty when none).
     *
     * @since 2.5
     */
    public static final String ALLOW_LIST = "allow.entries";

    /** Property: the rule package (String). */
    public static final String PACKAGE = "rule.package";
    /** Property: the release's version (Long). */
    public static final String VERSION = "release.version";
    /** Property: where the release's files came from (String). */
    public static final String ORIGIN = "release.origin";
    /** Property: the release's content hash (String). */
    public static final String HASH = "release.hash";
    /** Property: who made the release (String). */
    public static final String AUTHOR = "release.author";
    /**
     * Property of {@link #RELEASE_ACTIVATED}: true when the release was accepted on another node
     * sharing the database and this node activated it from there (Boolean).
     */
    public static final String FROM_ANOTHER_NODE = "release.fromAnotherNode";

    private RuleEvents() {
    }
}
