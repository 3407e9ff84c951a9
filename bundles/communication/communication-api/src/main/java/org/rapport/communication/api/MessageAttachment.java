package org.rapport.communication.api;

import java.util.regex.Pattern;

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

    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,40}/[a-z0-9][a-z0-9.+-]{0,50}");

    /**
     * Whether {@code type} is a media type a file may be given and kept with: {@code type/subtype} in
     * lower case, letters, digits and {@code .+-} only, without parameters; false for null.
     */
    public static boolean isMediaType(String type) {
        return type != null && MEDIA_TYPE.matcher(type).matches();
    }
}
