package ${package};

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionListener;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ${package}.facts.PluginDecisions;
import ${package}.facts.Touch;

/**
 * Hears of every interaction Rapport records, has the ${pluginName} rules judge it, and applies
 * what they decide: a note on the customer's timeline. Rules only decide; this listener acts.
 * Rapport calls it on a thread of its own within a time budget, and suspends it (telling the
 * administrator) after repeated faults: throwing, or taking too long.
 */
@Component(service = {PluginListener.class, InteractionListener.class},
        property = InteractionListener.NAME + "=${pluginName}")
public class PluginListener implements InteractionListener {

    private static final Logger LOG = LoggerFactory.getLogger(PluginListener.class);

    /** What the listener has done since it started. */
    public record Status(long interactions, long notes) {
    }

    private final InteractionService interactions;
    private final RulesEngine rules;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicLong noted = new AtomicLong();

    @Activate
    public PluginListener(@Reference InteractionService interactions, @Reference RulesEngine rules) {
        this.interactions = interactions;
        this.rules = rules;
    }

    @Override
    public void recorded(Interaction interaction) {
        if (PluginDecisions.NOTE_TYPE.equals(interaction.type())) {
            return; // the plugin's own notes
        }
        seen.incrementAndGet();
        Touch touch = new Touch(interaction.contactId(), interaction.type(), interaction.channel().label());
        for (Decision d : rules.evaluate(PluginDecisions.RULE_PACKAGE, List.of(touch)).decisions()) {
            if (PluginDecisions.NOTE.equals(d.type())) {
                interactions.record(Long.parseLong(d.subject()), new NewInteraction("other", "outbound",
                        PluginDecisions.NOTE_TYPE, null, d.attribute(PluginDecisions.TEXT), Map.of("rule", d.rule(),
                                "release", d.rulePackage() + " v" + d.release())), "${pluginName} plugin");
                noted.incrementAndGet();
                LOG.info("${pluginName}: noted on contact {}'s timeline (\"{}\")", d.subject(), d.rule());
            }
        }
    }

    public Status status() {
        return new Status(seen.get(), noted.get());
    }
}
