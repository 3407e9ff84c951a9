package org.rapport.events.impl.command;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.events.impl.EventsService;
import org.rapport.rest.security.ShellUser;

/** {@code events:replay ID FROM [UNTIL]}: delivers again what happened from a point in time (until another). */
@Service
@Command(scope = "events", name = "replay", description = "Delivers again to a subscription every stored event it "
        + "wants that happened at or after FROM (and before UNTIL)")
public class EventsReplayCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The subscription's id")
    @Completion(SubscriptionIdCompleter.class)
    long id;

    @Argument(index = 1, name = "from", required = true, description = "An ISO-8601 time, such as 2026-12-01T09:00:00Z")
    String from;

    @Argument(index = 2, name = "until", description = "An ISO-8601 time, exclusive; without it, up to the newest")
    String until;

    @Reference
    EventsService events;

    @Override
    public Object execute() {
        SubscriptionLines.find(events, id);
        Instant to = until == null ? null : instant("until", until);
        System.out.println(events.replay(id, instant("from", from), to, ShellUser.name()) + " event(s) to be delivered again");
        return null;
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 time such as 2026-12-01T09:00:00Z, not " + text);
        }
    }
}
