package org.rapport.campaigns.impl.command;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.NewCampaign;
import org.rapport.campaigns.api.Schedule;
import org.rapport.campaigns.api.Variant;
import org.rapport.communication.api.shell.MessageChannelCompleter;
import org.rapport.communication.api.shell.TemplateCodeCompleter;
import org.rapport.rest.security.ShellUser;
import org.rapport.segments.api.shell.SegmentNameCompleter;

/** {@code campaigns:create}: defines a campaign, or changes a draft of the same name. */
@Service
@Command(scope = "campaigns", name = "create", description = "Defines a campaign (or changes a draft): a segment (or a --condition), "
        + "template variants as code[:share], a channel, a purpose, a start and a rate")
public class CreateCommand implements Action {

    @Argument(index = 0, name = "name", description = "The campaign's name (lower-case letters, digits, '-')", required = true)
    String name;

    @Argument(index = 1, name = "segment", description = "The segment it reaches (with --condition, the first variant)",
            required = true)
    @Completion(SegmentNameCompleter.class)
    String segment;

    @Argument(index = 2, name = "variants", description = "Templates, each code or code:share (share 1 to 100)",
            required = false, multiValued = true)
    @Completion(TemplateCodeCompleter.class)
    List<String> variants = new ArrayList<>();

    @Option(name = "--condition", description = "A one-off audience in the language of segments' conditions "
            + "(quoted: \"tag:vip -tag:staff\"), its matches frozen into the recipients at launch; the second "
            + "argument is then the first variant")
    String condition;

    @Option(name = "--channel", description = "The message channel (email as shipped)")
    @Completion(MessageChannelCompleter.class)
    String channel = "email";

    @Option(name = "--purpose", description = "The consent purpose (marketing as shipped)")
    String purpose = "marketing";

    @Option(name = "--start", description = "When sending starts, ISO-8601 such as 2026-12-01T09:00:00Z (at launch if left out)")
    String start;

    @Option(name = "--rate", description = "Messages a minute")
    int rate = 60;

    @Option(name = "--best-offer", description = "A variant that shows each recipient's best offer, as template or "
            + "template=fallback (the template whoever has no offer gets; without one they are held back)",
            multiValued = true)
    @Completion(TemplateCodeCompleter.class)
    List<String> bestOffers = new ArrayList<>();

    @Option(name = "--every", description = "Recurring: daily or weekly (each occurrence to the segment as it is then)")
    @Completion(value = StringsCompleter.class, values = {"daily", "weekly"})
    String every;

    @Option(name = "--day", description = "For a weekly campaign, the day: monday ... sunday")
    @Completion(value = StringsCompleter.class, values = {"monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday"})
    String day;

    @Option(name = "--at", description = "For a recurring campaign, the time of day, HH:mm")
    String at;

    @Option(name = "--zone", description = "For a recurring campaign, the IANA time zone of --at (UTC unless given)")
    String zone = "UTC";

    @Reference
    CampaignService campaigns;

    @Override
    public Object execute() {
        List<String> given = new ArrayList<>(variants);
        String audience = segment;
        if (condition != null) {
            given.add(0, segment);
            audience = null;
        }
        List<Variant> split = new ArrayList<>();
        for (String v : given) {
            int colon = v.lastIndexOf(':');
            try {
                String code = colon < 0 ? v : v.substring(0, colon);
                int share = colon < 0 ? 1 : Integer.parseInt(v.substring(colon + 1));
                String offer = bestOffers.stream().filter(b -> b.equals(code) || b.startsWith(code + "=")).findFirst()
                        .orElse(null);
                String fallback = offer == null || !offer.contains("=") ? null : offer.substring(offer.indexOf('=') + 1);
                split.add(new Variant(code, share, offer != null, fallback == null || fallback.isBlank() ? null : fallback));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("variants: '" + v + "' is not code or code:share");
            }
        }
        Instant startAt;
        try {
            startAt = start == null ? null : Instant.parse(start);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start: '" + start + "' is not a time such as 2026-12-01T09:00:00Z");
        }
        Schedule schedule = every == null && at == null ? null : new Schedule(every, day, at, zone);
        Campaign c = campaigns.define(new NewCampaign(name, audience, purpose, channel, split, startAt, rate, schedule,
                condition),
                ShellUser.name());
        System.out.println("Campaign " + c.id() + " " + c.name() + " defined (" + c.status().label() + ")");
        return null;
    }
}
