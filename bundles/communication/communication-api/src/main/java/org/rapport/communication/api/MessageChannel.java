package org.rapport.communication.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;

/**
 * A way to reach a customer, registered as a whiteboard service with the service property
 * {@value #NAME} (a lower-case word: {@code email}, {@code sms}, {@code crm-webhook}). The
 * dispatcher calls {@link #deliver} from one thread at a time per message, after the consent gate
 * has allowed the message on {@link #medium()}; a channel that throws a
 * {@link DeliveryException} that is not permanent gets the message again later.
 */
@ConsumerType
public interface MessageChannel {

    /** Service property: the channel's name, as requests and templates name it. */
    String NAME = "rapport.channel";

    /** The contact channel this one reaches the customer on: the consent gate asks about it. */
    Channel medium();

    /**
     * The contact's address on this channel (an email address, a phone number), or empty when the
     * contact cannot be reached here; a message is then refused when it is asked for.
     */
    Optional<String> address(Contact contact);

    /**
     * Hands the message to the outside world.
     *
     * @return the reference the other side gave the message (an SMTP Message-ID, a gateway's id),
     *         or null when it gave none
     * @throws DeliveryException when the message was not accepted; {@link DeliveryException#permanent()}
     *         says whether trying again could help
     */
    String deliver(OutgoingMessage message) throws DeliveryException;
}
