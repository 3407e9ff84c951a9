package org.rapport.rest.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Content a shell command takes from its session's standard input ({@code ssh ... 'messages:templates
 * --set welcome en' < welcome.txt}), so that nobody names a file on the server to a command.
 */
public final class ShellInput {

    private ShellInput() {
    }

    /**
     * All of {@code in} as UTF-8 text, of at most {@code maxBytes}.
     *
     * @param what what the text is, for the error ("the template's body")
     * @throws IllegalArgumentException if the input is empty, longer, or not UTF-8
     */
    public static String text(InputStream in, int maxBytes, String what) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException(what + " on standard input is longer than " + maxBytes + " bytes");
        }
        if (bytes.length == 0) {
            throw new IllegalArgumentException(what + " comes on standard input, which was empty");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " on standard input is not UTF-8 text");
        }
    }
}
