package org.rapport.communication.api;

/**
 * A file a message carries, for channels that carry files (email: a part of
 * {@code multipart/mixed} with {@code Content-Disposition: attachment}); a channel without files
 * sends the message without it.
 *
 * @param name the file name: one line of at most 200 characters, without a path
 * @param contentType the media type, {@code type/subtype} in lower case
 * @param content the bytes; all of a message's files together at most {@link #MAX_BYTES}
 */
public record MessageAttachment(String name, String contentType, byte[] content) {

    /** The most bytes of all of a message's files together. */
    public static final int MAX_BYTES = 10 << 20;
    /** The most files of one message. */
    public static final int MAX_COUNT = 10;
}
