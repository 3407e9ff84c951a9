package org.rapport.communication.api;

/**
 * A file that came with an inbound mail, as the sender named and typed it: neither is trusted (a
 * listener that keeps the file checks both). Handed to listeners as the mail is read; the inbound
 * log does not keep it.
 *
 * @param name the file name the sender gave (the part's {@code filename} or {@code name}), or null
 * @param contentType the media type the sender declared, in lower case, without parameters
 * @param content the decoded bytes, at most {@link #MAX_BYTES}
 * @param truncated whether the part was longer than {@link #MAX_BYTES} (its content is then incomplete)
 */
public record InboundAttachment(String name, String contentType, byte[] content, boolean truncated) {

    /** The most bytes of one attachment read. */
    public static final int MAX_BYTES = 10 << 20;
    /** The most attachments of one message read. */
    public static final int MAX_COUNT = 20;
}
