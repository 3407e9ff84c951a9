package org.rapport.communication.impl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.rapport.communication.api.MessageAttachment;

/**
 * A message's files as the outbox keeps them until the message leaves: one line per file, its
 * name, type and bytes each in Base64 (the column is text, which holds no NUL byte on PostgreSQL).
 */
final class MessageFiles {


    private MessageFiles() {
    }

    /**
     * The files, checked, for the column; null for none.
     *
     * @throws IllegalArgumentException naming {@code attachments[i]} and what is wrong with it
     */
    static String encode(List<MessageAttachment> files) {
        if (files == null || files.isEmpty()) {
            return null;
        }
        if (files.size() > MessageAttachment.MAX_COUNT) {
            throw new IllegalArgumentException("attachments: at most " + MessageAttachment.MAX_COUNT + " files, not "
                    + files.size());
        }
        StringBuilder lines = new StringBuilder();
        long total = 0;
        Base64.Encoder b64 = Base64.getEncoder();
        for (int i = 0; i < files.size(); i++) {
            MessageAttachment f = files.get(i);
            String where = "attachments[" + i + "]: ";
            if (f == null || f.content() == null) {
                throw new IllegalArgumentException(where + "a file with a name, a type and its bytes");
            }
            String name = f.name() == null ? "" : f.name().strip();
            if (name.isEmpty() || name.length() > 200 || name.chars().anyMatch(Character::isISOControl)
                    || name.contains("/") || name.contains("\\")) {
                throw new IllegalArgumentException(where + "name must be one line of at most 200 characters without a path");
            }
            if (!MessageAttachment.isMediaType(f.contentType())) {
                throw new IllegalArgumentException(where + "contentType must be type/subtype in lower case");
            }
            total += f.content().length;
            if (total > MessageAttachment.MAX_BYTES) {
                throw new IllegalArgumentException(where + "the files together are larger than "
                        + MessageAttachment.MAX_BYTES + " bytes");
            }
            lines.append(b64.encodeToString(name.getBytes(StandardCharsets.UTF_8))).append(' ')
                    .append(b64.encodeToString(f.contentType().getBytes(StandardCharsets.US_ASCII))).append(' ')
                    .append(b64.encodeToString(f.content())).append('\n');
        }
        return lines.toString();
    }

    /** The files of the column; empty for none. */
    static List<MessageAttachment> decode(String column) {
        List<MessageAttachment> files = new ArrayList<>();
        if (column == null || column.isBlank()) {
            return files;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        for (String line : column.split("\n")) {
            String[] parts = line.split(" ", -1);
            if (parts.length == 3) {
                files.add(new MessageAttachment(new String(b64.decode(parts[0]), StandardCharsets.UTF_8),
                        new String(b64.decode(parts[1]), StandardCharsets.US_ASCII), b64.decode(parts[2])));
            }
        }
        return files;
    }
}
