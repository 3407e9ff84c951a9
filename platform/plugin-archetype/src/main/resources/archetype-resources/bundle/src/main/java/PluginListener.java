package ${package};

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rapport.contacts.api.InteractionEvents;
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
 */
@Component(service = {PluginListener.class, EventHandler.class},
        property = EventConstants.EVENT_TOPIC + "=" + InteractionEvents.RECORDED)
public class PluginListener implements EventHandler {

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
    public void handleEvent(Event event) {
        String type = String.valueOf(event.getProperty(InteractionEvents.TYPE));
        if (type.startsWith(PluginDecisions.RULE_PACKAGE + ".")) {
            return; // the plugin's own notes
        }
        seen.incrementAndGet();
        long contactId = Long.parseLong(String.valueOf(event.getProperty(InteractionEvents.CONTACT_ID)));
        Touch touch = new Touch(contactId, type, String.valueOf(event.getProperty(InteractionEvents.CHANNEL)));
        try {
            for (Decision d : rules.evaluate(PluginDecisions.RULE_PACKAGE, List.of(touch)).decisions()) {
                if (PluginDecisions.NOTE.equals(d.type())) {
                    interactions.record(Long.parseLong(d.subject()), new NewInteraction("other", "outbound",
                            PluginDecisions.NOTE, null, d.attribute(PluginDecisions.TEXT), Map.of("rule", d.rule(),
                                    "release", d.rulePackage() + " v" + d.release())), "${pluginName} plugin");
                    noted.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            LOG.error("${pluginName}: the interaction of contact {} could not be judged", contactId, e);
        }
    }

    public Status status() {
        return new Status(seen.get(), noted.get());
    }
}
