package org.rapport.campaigns.impl;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import javax.persistence.EntityManagerFactory;

import org.rapport.communication.api.ChannelInfo;
import org.rapport.communication.api.MessageService;
import org.rapport.contacts.api.Channel;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;

/**
 * Opens and clicks, tracked only for contacts the consent gate lets through for the tracking
 * purpose: as a page is sent, its recipients' consent is read (the gate's preview, recording
 * nothing: the message leaves either way) and those who consented get the tracking pixel and signed
 * redirects in place of the template's tracked links. When a pixel is fetched or a link followed,
 * the gate is asked again, for the record, before an open or click is stored, once per recipient.
 * A click leads only to the URL its token was signed for, and only while the template holds it.
 */
final class Tracking {

    private final EntityManagerFactory emf;
    private final MessageService messages;
    private final ConsentGate gate;
    private final String purpose;
    private final Clock clock;

    Tracking(EntityManagerFactory emf, MessageService messages, ConsentGate gate, String purpose, Clock clock) {
        this.emf = emf;
        this.messages = messages;
        this.gate = gate;
        this.purpose = purpose == null || purpose.isBlank() ? "tracking" : purpose.strip();
        this.clock = clock;
    }

    /** The contact channel a message channel reaches customers on, or null when it is not known now. */
    static Channel medium(MessageService messages, String channel) {
        return messages.channels().stream().filter(i -> i.name().equals(channel)).map(ChannelInfo::medium)
                .filter(m -> m != null).findFirst().orElse(null);
    }

    /** The contacts among {@code contactIds} who consented to tracking on the campaign's channel now. */
    Set<Long> consenting(Collection<Long> contactIds, String channel) {
        Channel medium = medium(messages, channel);
        return ConsentGate.allowed(gate.preview(contactIds, purpose, medium == null ? null : medium.label()));
    }

    /**
     * A tracked recipient's open pixel: the address the message's HTML body ends with, as a
     * one-pixel image ({@code SendRequest.openPixel}); a message without an HTML body has none.
     */
    String pixel(CampaignEntity c, RecipientEntity r, PublicLinks base) {
        return base.open(LinkTokens.openToken(c.secret, r.id, c.id, r.contactId));
    }

    /**
     * A tracked recipient's variables: a signed redirect for each tracked link, which the text
     * body shows and the HTML body's {@code href}s hold (escaped there like every value).
     */
    Map<String, String> links(CampaignEntity c, RecipientEntity r, Map<String, String> links, PublicLinks base) {
        Map<String, String> variables = new LinkedHashMap<>();
        links.forEach((name, url) -> variables.put(name, base.click(LinkTokens.clickToken(c.secret, r.id, c.id,
                r.contactId, name, url))));
        return variables;
    }

    /** Records a fetched pixel; false when the token is not one this server signed. */
    boolean open(String token) {
        OptionalLong rid = LinkTokens.recipient(token);
        if (rid.isEmpty()) {
            return false;
        }
        Optional<Object[]> found = find(rid.getAsLong());
        if (found.isEmpty()) {
            return false;
        }
        CampaignEntity c = (CampaignEntity) found.get()[0];
        RecipientEntity r = (RecipientEntity) found.get()[1];
        if (!LinkTokens.validOpen(token, c.secret, r.id, c.id, r.contactId)) {
            return false;
        }
        record(c, r, false);
        return true;
    }

    /** Records a followed link; answers where it leads, or empty when the token is not one this server signed. */
    Optional<String> click(String token) {
        Optional<Map.Entry<Long, String>> claim = LinkTokens.click(token);
        if (claim.isEmpty()) {
            return Optional.empty();
        }
        Optional<Object[]> found = find(claim.get().getKey());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CampaignEntity c = (CampaignEntity) found.get()[0];
        RecipientEntity r = (RecipientEntity) found.get()[1];
        String name = claim.get().getValue();
        for (String url : TrackedLinks.urls(messages, r.variant, name)) {
            if (LinkTokens.validClick(token, c.secret, r.id, c.id, r.contactId, name, url)) {
                record(c, r, true);
                return Optional.of(url);
            }
        }
        return Optional.empty();
    }

    private Optional<Object[]> find(long recipientId) {
        return Transactions.read(emf, em -> em.createQuery("select c, r from CampaignEntity c, RecipientEntity r where "
                + "r.id = :id and c.id = r.campaignId", Object[].class).setParameter("id", recipientId)
                .getResultStream().findFirst());
    }

    /** Stores the first open (and click) of a recipient who still consents to tracking; nothing otherwise. */
    private void record(CampaignEntity c, RecipientEntity r, boolean click) {
        if (r.openedAt != null && (!click || r.clickedAt != null)) {
            return;
        }
        Channel medium = medium(messages, c.channel);
        if (!gate.check(r.contactId, purpose, medium == null ? null : medium.label(), (click ? "click" : "open")
                + " in campaign " + c.name, "campaigns").allowed()) {
            return;
        }
        Instant now = clock.instant();
        Transactions.run(emf, em -> {
            em.createQuery("update RecipientEntity r set r.openedAt = :now where r.id = :id and r.openedAt is null")
                    .setParameter("now", now).setParameter("id", r.id).executeUpdate();
            if (click) {
                em.createQuery("update RecipientEntity r set r.clickedAt = :now where r.id = :id and r.clickedAt is null")
                        .setParameter("now", now).setParameter("id", r.id).executeUpdate();
            }
        });
    }
}
