package org.rapport.events.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.events.impl.EventsService;
import org.rapport.events.impl.Subscription;
import org.rapport.rest.security.ShellUser;

/** {@code events:unsubscribe ID}: removes a subscription and its deliveries. */
@Service
@Command(scope = "events", name = "unsubscribe", description = "Removes an event subscription and its deliveries")
public class EventsUnsubscribeCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The subscription's id")
    @Completion(SubscriptionIdCompleter.class)
    long id;

    @Reference
    EventsService events;

    @Override
    public Object execute() {
        Subscription s = SubscriptionLines.find(events, id);
        events.unsubscribe(id, ShellUser.name());
        System.out.println("Removed subscription " + s.id() + " (" + s.name() + ")");
        return null;
    }
}
