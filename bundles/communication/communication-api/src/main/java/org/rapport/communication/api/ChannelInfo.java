package org.rapport.communication.api;

import org.rapport.contacts.api.Channel;

/**
 * A channel as the log sees it: registered now, or only named by messages that wait for it.
 *
 * @param registered whether a {@link MessageChannel} service of this name is registered now
 * @param pending messages queued or retrying on it
 * @param sent messages it delivered
 * @param failed messages that failed for good on it
 * @param suspended whether it is suspended after faults in a row: its messages wait until an
 *                  administrator resumes it
 * @param faults its faults in a row (it threw, or did not answer in time)
 * @param lastFault the last of them, or null
 */
public record ChannelInfo(String name, Channel medium, boolean registered, long pending, long sent, long failed,
        boolean suspended, int faults, String lastFault) {

    /** A channel with no faults. */
    public ChannelInfo(String name, Channel medium, boolean registered, long pending, long sent, long failed) {
        this(name, medium, registered, pending, sent, failed, false, 0, null);
    }
}
