package ${package}.facts;

/** The rule package of the ${pluginName} plugin, and the decisions its rules make. */
public final class PluginDecisions {

    /** The rule package, carried in META-INF/rules/${pluginName}/. */
    public static final String RULE_PACKAGE = "${pluginName}";
    /** Note something on a customer's timeline; subject: the customer. */
    public static final String NOTE = "${pluginName}.note";
    /** The interaction type of a note on the timeline. */
    public static final String NOTE_TYPE = "${pluginName}-note";
    /** Attribute of a note: its text. */
    public static final String TEXT = "text";

    private PluginDecisions() {
    }
}
