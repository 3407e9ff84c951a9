package org.rapport.communication.impl;

import java.time.Clock;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.event.Event;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.privacy.spi.ConsentGate;

/** The product's outbox for other bundles' tests: outcomes handed to {@code events}, dispatched by hand,
 * bounced as a provider reports it. */
public final class Outbox {

    private Outbox() {
    }

    public static MessageServiceImpl create(EntityManagerFactory emf, ContactService contacts,
            InteractionService interactions, ConsentGate gate, Clock clock, Consumer<Event> events) {
        return new MessageServiceImpl(emf, contacts, interactions, gate, new ChannelRegistry(), clock,
                DispatchSettings.of(Configs.communication(200)), events);
    }

    /**
     * A hard bounce of a sent message, as a signed provider's webhook reports it: the address is
     * marked undeliverable, the message bounced, the outcome handed to {@code events}.
     */
    public static void hardBounce(EntityManagerFactory emf, Clock clock, Consumer<Event> events, long messageId,
            String address) {
        new Bounces(emf, clock, events, audit -> { }).record(new Arrival.BounceReport(address, "5.1.1",
                "user unknown", null, messageId), true, a -> null, "webhook test");
    }

    /** One pass of the dispatcher: answers the messages it tried. */
    public static int dispatch(MessageServiceImpl messages) {
        return messages.dispatcher().runOnce();
    }
}
