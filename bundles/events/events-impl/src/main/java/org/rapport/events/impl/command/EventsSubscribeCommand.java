package org.rapport.events.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.events.impl.EventsService;
import org.rapport.rest.security.ShellUser;

/** {@code events:subscribe NAME URL TYPE...}: subscribes a system; prints its secret, once. */
@Service
@Command(scope = "events", name = "subscribe", description = "Subscribes another system to events: they are posted "
        + "to URL as signed CloudEvents; the secret to verify them is printed now and never again")
public class EventsSubscribeCommand implements Action {

    @Argument(index = 0, name = "name", required = true, description = "A name: lower-case letters, digits and '-'")
    String name;

    @Argument(index = 1, name = "url", required = true, description = "https://..., or http:// to loopback")
    String url;

    @Argument(index = 2, name = "types", required = true, multiValued = true,
            description = "The event types, such as contact.created purchase.booked")
    @Completion(EventTypeCompleter.class)
    List<String> types;

    @Reference
    EventsService events;

    @Override
    public Object execute() {
        EventsService.Created created = events.subscribe(name, url, types, ShellUser.name());
        System.out.println("Subscribed: " + SubscriptionLines.line(created.subscription()));
        System.out.println("Secret (shown only now): " + created.secret());
        return null;
    }
}
