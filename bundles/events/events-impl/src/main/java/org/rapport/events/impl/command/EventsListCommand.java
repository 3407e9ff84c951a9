package org.rapport.events.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.events.impl.EventsService;

/** {@code events:list}: the subscriptions, with their state and faults in a row. */
@Service
@Command(scope = "events", name = "list", description = "Lists the event subscriptions")
public class EventsListCommand implements Action {

    @Reference
    EventsService events;

    @Override
    public Object execute() {
        events.subscriptions().forEach(s -> System.out.println(SubscriptionLines.line(s)));
        return null;
    }
}
