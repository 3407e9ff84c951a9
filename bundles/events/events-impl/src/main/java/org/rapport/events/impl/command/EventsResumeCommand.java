package org.rapport.events.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.events.impl.EventsService;
import org.rapport.rest.security.ShellUser;

/** {@code events:resume ID}: delivers to a suspended subscription again. */
@Service
@Command(scope = "events", name = "resume", description = "Resumes a suspended event subscription: its waiting "
        + "events are delivered again, with a clean record")
public class EventsResumeCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The subscription's id")
    @Completion(SubscriptionIdCompleter.class)
    long id;

    @Reference
    EventsService events;

    @Override
    public Object execute() {
        SubscriptionLines.find(events, id);
        System.out.println(events.resume(id, ShellUser.name()) ? "Resumed: " + SubscriptionLines.line(
                SubscriptionLines.find(events, id)) : "Subscription " + id + " is not suspended");
        return null;
    }
}
