package org.rapport.communication.impl;

import java.time.Duration;

import org.rapport.communication.api.DeliveryException;
import org.rapport.communication.api.MessageEvents;
import org.rapport.guard.GuardPolicy;

/**
 * How message channels (partners' plugins) are held to account by the platform's plugin guard: a
 * channel delivers within a time budget, and its faults (throwing instead of answering, or not
 * answering in time) are counted. A refusal the channel reports ({@link DeliveryException}) is an
 * answer, not a fault. After so many faults in a row the channel is suspended: its messages wait,
 * the other channels go on, and the administrator is told (the log at ERROR, with addresses
 * masked, the audit log as {@code channel.suspended}, and {@link MessageEvents#CHANNEL_SUSPENDED}
 * on Event Admin) until they resume it.
 */
final class ChannelPolicy {

    private ChannelPolicy() {
    }

    static GuardPolicy of(Duration budget, int suspendAfter) {
        return GuardPolicy.of("channel", "Message channel", budget, suspendAfter)
                .withWhileSuspended("its messages wait")
                .withResumeCommand("plugins:resume channel")
                .withForLog(Redacted::reason)
                // The reason is kept as the message's last error, which administrators and tests read.
                .withFaultText((fault, channel, call, limit, cause) -> switch (fault) {
                    case TIMED_OUT -> "channel '" + channel + "' did not answer within " + limit.toSeconds() + " s";
                    case INTERRUPTED -> "delivery through channel '" + channel + "' was interrupted";
                    default -> "channel '" + channel + "' failed: " + cause;
                });
    }
}
