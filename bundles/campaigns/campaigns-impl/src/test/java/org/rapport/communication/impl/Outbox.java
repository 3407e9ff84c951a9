package org.rapport.communication.impl;

import java.time.Clock;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.event.Event;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.privacy.spi.ConsentGate;

/** The product's outbox for other bundles' tests: outcomes handed to {@code events}, dispatched by hand. */
public final class Outbox {

    private Outbox() {
    }

    public static MessageServiceImpl create(EntityManagerFactory emf, ContactService contacts,
            InteractionService interactions, ConsentGate gate, Clock clock, Consumer<Event> events) {
        return new MessageServiceImpl(emf, contacts, interactions, gate, new ChannelRegistry(), clock,
                Dispatcher.Settings.of(Configs.communication(200)), events);
    }

    /** One pass of the dispatcher: answers the messages it tried. */
    public static int dispatch(MessageServiceImpl messages) {
        return messages.dispatcher().runOnce();
    }
}
