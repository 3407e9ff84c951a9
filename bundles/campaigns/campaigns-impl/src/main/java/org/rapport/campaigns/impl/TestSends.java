package org.rapport.campaigns.impl;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.SendRequest;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.rest.MinuteWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test of a campaign: one variant sent to the person who asks, at their own address (the contact
 * the administrator names as theirs in {@code testContacts}), through the outbox like every message
 * (the consent gate asks about that contact as it leaves). It is no recipient of the campaign: its
 * reference ({@code campaign-test-<campaign>-<random>}) is not one the campaign settles, so the
 * figures and the frequency caps never count it, and its unsubscribe link leads nowhere (a token
 * this server did not sign). A person sends {@code testsPerMinute} a minute at most.
 */
@Component(service = TestSends.class, configurationPid = CampaignsConfig.PID)
public class TestSends {

    /** A person who sent their share of tests this minute. */
    public static final class TooMany extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooMany(String message) {
            super(message);
        }
    }

    /** The token of a test's unsubscribe link: not one this server signs, so following it records nothing. */
    static final String TEST_TOKEN = "test";
    private static final Logger LOG = LoggerFactory.getLogger(TestSends.class);

    private final CampaignService campaigns;
    private final MessageService messages;
    /** What the settings make, replaced whole when they change ({@link #modified}). */
    private volatile Settings settings;
    private final Clock clock;

    @Activate
    public TestSends(@Reference CampaignService campaigns, @Reference MessageService messages, CampaignsConfig config) {
        this(campaigns, messages, config, Clock.systemUTC());
    }

    TestSends(CampaignService campaigns, MessageService messages, CampaignsConfig config, Clock clock) {
        this.campaigns = campaigns;
        this.messages = messages;
        this.settings = new Settings(config);
        this.clock = clock;
    }

    /** New settings while running: the campaigns' REST resource, which holds this component, stays served. */
    @Modified
    void modified(CampaignsConfig config) {
        this.settings = new Settings(config);
    }

    private record Settings(PublicLinks links, Map<String, Long> contacts, MinuteWindow window) {
        Settings(CampaignsConfig config) {
            this(new PublicLinks(config.publicUrl(), config.loopbackHttp()), testContacts(config.testContacts()),
                    new MinuteWindow(Math.max(1, config.testsPerMinute())));
        }
    }

    /**
     * Sends the campaign's variant {@code template} to {@code user}'s own address.
     *
     * @return the queued message
     * @throws IllegalArgumentException if there is no such campaign
     * @throws ContactValidationException naming {@code variant} when the template is not one of the campaign's
     * @throws IllegalStateException when the person has no address for tests or links cannot be made
     * @throws TooMany when the person sent their share of tests this minute
     */
    public Message send(long campaignId, String template, String user) {
        Campaign campaign = campaigns.find(campaignId)
                .orElseThrow(() -> new IllegalArgumentException("no campaign with id " + campaignId));
        if (template == null || campaign.variants().stream().noneMatch(v -> v.template().equals(template))) {
            throw new ContactValidationException(Map.of("variant", "'" + template + "' is not a variant of campaign '"
                    + campaign.name() + "'; its variants: " + campaign.variants().stream().map(v -> v.template()).toList()));
        }
        Settings now = settings;
        Long contact = now.contacts().get(user);
        if (contact == null) {
            throw new IllegalStateException("no address of " + user + "'s for tests: an administrator names the contact "
                    + "that holds it in testContacts of etc/" + CampaignsConfig.PID + ".cfg (" + user + "=<contact id>)");
        }
        if (now.links().problem() != null) {
            throw new IllegalStateException(now.links().problem());
        }
        if (!now.window().tryAcquire(user, clock.millis())) {
            throw new TooMany(user + " sent their share of tests this minute; wait a minute");
        }
        String url = now.links().unsubscribe(TEST_TOKEN);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + url + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        Map<String, String> variables = new HashMap<>();
        variables.put(CampaignService.UNSUBSCRIBE_VARIABLE, url);
        variables.put(TrackedLinks.PIXEL, "");
        return messages.send(new SendRequest(contact, campaign.channel(), template, campaign.purpose(), variables,
                "campaign-test-" + campaign.id() + "-" + UUID.randomUUID(), headers), "test of campaign " + campaign.name()
                + " by " + user);
    }

    /** The {@code user=contactId} pairs; an entry that is not one is left out, and the log names it. */
    static Map<String, Long> testContacts(String[] entries) {
        Map<String, Long> map = new HashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            for (String pair : entry.split(",")) {
                String p = pair.strip();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                String user = eq < 0 ? "" : p.substring(0, eq).strip();
                String id = eq < 0 ? "" : p.substring(eq + 1).strip();
                if (user.isEmpty() || !id.matches("[1-9][0-9]{0,17}")) {
                    LOG.warn("testContacts in etc/{}.cfg: '{}' is not user=contactId; left out", CampaignsConfig.PID, p);
                    continue;
                }
                map.put(user, Long.parseLong(id));
            }
        }
        return Map.copyOf(map);
    }
}
