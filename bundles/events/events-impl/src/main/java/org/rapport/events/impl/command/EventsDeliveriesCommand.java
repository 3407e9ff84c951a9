package org.rapport.events.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.action.Option;
import org.rapport.events.impl.Delivery;
import org.rapport.events.impl.EventsService;

/** {@code events:deliveries ID [--state dead] [--limit N]}: a subscription's deliveries, newest first. */
@Service
@Command(scope = "events", name = "deliveries", description = "Lists a subscription's deliveries, newest first: "
        + "pending ones with their next attempt, dead letters with their last error")
public class EventsDeliveriesCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The subscription's id")
    @Completion(SubscriptionIdCompleter.class)
    long id;

    @Option(name = "--state", description = "Only pending, delivered or dead")
    String state;

    @Option(name = "--limit", description = "How many (default 20)")
    int limit = 20;

    @Reference
    EventsService events;

    @Override
    public Object execute() {
        SubscriptionLines.find(events, id);
        if (state != null && !List.of(Delivery.PENDING, Delivery.DELIVERED, Delivery.DEAD).contains(state)) {
            throw new IllegalArgumentException("--state is pending, delivered or dead, not " + state);
        }
        events.deliveries(id, state, limit).forEach(d -> System.out.println(SubscriptionLines.line(d)));
        return null;
    }
}
