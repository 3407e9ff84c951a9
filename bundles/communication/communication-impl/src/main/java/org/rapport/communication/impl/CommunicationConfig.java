package org.rapport.communication.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How the dispatcher sends: configured in {@code etc/org.rapport.communication.cfg}. */
@ObjectClassDefinition(name = "Rapport communication", description = "How queued messages are sent and retried")
public @interface CommunicationConfig {

    String PID = "org.rapport.communication";

    @AttributeDefinition(description = "How often the dispatcher looks for due messages, in milliseconds")
    long pollMillis() default 1000;

    @AttributeDefinition(description = "The most messages the dispatcher claims, reads and settles at once (a page); "
            + "a node that stops mid-page sends the page's messages again after the lease of 5 minutes")
    int batchSize() default 100;

    @AttributeDefinition(description = "Threads that send a page's messages side by side (1 to 16), each keeping "
            + "its own connection to the mail server")
    int senders() default 2;

    @AttributeDefinition(description = "Attempts before a message that keeps failing is marked failed")
    int maxAttempts() default 8;

    @AttributeDefinition(description = "Seconds before the second attempt; each later wait doubles")
    long retryAfterSeconds() default 30;

    @AttributeDefinition(description = "The longest wait between two attempts, in seconds")
    long retryAtMostSeconds() default 3600;

    @AttributeDefinition(description = "Seconds a channel may take to deliver one message; a channel that takes "
            + "longer is abandoned for that message, and the attempt counts as a fault")
    long channelBudgetSeconds() default 30;

    @AttributeDefinition(description = "Faults in a row (a channel that throws, or does not answer in time) after "
            + "which a channel is suspended until an administrator resumes it")
    int suspendChannelAfterFaults() default 5;
}
