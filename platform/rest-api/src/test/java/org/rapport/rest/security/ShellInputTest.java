package org.rapport.rest.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

public class ShellInputTest {

    @Test
    public void utf8TextIsTakenWhole() throws IOException {
        assertEquals("Olá {{firstName}}\n", ShellInput.text(in("Olá {{firstName}}\n".getBytes(StandardCharsets.UTF_8)),
                100, "the body"));
    }

    @Test
    public void longEmptyOrBinaryInputIsRefused() {
        assertEquals("the body on standard input is longer than 4 bytes", assertThrows(IllegalArgumentException.class,
                () -> ShellInput.text(in(new byte[] {'a', 'b', 'c', 'd', 'e'}), 4, "the body")).getMessage());
        assertEquals("the body comes on standard input, which was empty", assertThrows(IllegalArgumentException.class,
                () -> ShellInput.text(in(new byte[0]), 4, "the body")).getMessage());
        assertEquals("the body on standard input is not UTF-8 text", assertThrows(IllegalArgumentException.class,
                () -> ShellInput.text(in(new byte[] {(byte) 0xC3, (byte) 0x28}), 4, "the body")).getMessage());
    }

    private static ByteArrayInputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
