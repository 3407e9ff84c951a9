package org.rapport.communication.api;

import org.rapport.contacts.api.Channel;

/**
 * A channel as the log sees it: registered now, or only named by messages that wait for it.
 *
 * @param registered whether a {@link MessageChannel} service of this name is registered now
 * @param pending messages queued or retrying on it
 * @param sent messages it delivered
 * @param failed messages that failed for good on it
 */
public record ChannelInfo(String name, Channel medium, boolean registered, long pending, long sent, long failed) {
}
