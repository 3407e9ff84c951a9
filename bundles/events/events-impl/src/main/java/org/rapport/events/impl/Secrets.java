package org.rapport.events.impl;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The subscriptions' secrets: made here (32 random bytes, shown once), stored encrypted with
 * AES-GCM under a key that is not in the database, so a copy of the database or anything that
 * reads the table does not give them away. Signing needs the secret itself, so it cannot be a hash.
 */
final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV = 12;

    private final SecretKeySpec key;

    Secrets(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the secret key must be 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** The key in {@code file}, made (readable by its owner only, where the file system allows) if missing. */
    static Secrets fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                RANDOM.nextBytes(key);
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    // Private from the moment it exists, never readable by others before the key is in it.
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the folder's permissions apply.
                    Files.createFile(file);
                }
                Files.write(file, Base64.getEncoder().encode(key));
            }
            return new Secrets(Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the events' secret key " + file + " cannot be read or made: " + e.getMessage(), e);
        }
    }

    /** A new secret, as a subscriber is given it. */
    static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    String seal(String secret) {
        try {
            byte[] iv = new byte[IV];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    String open(String sealed) {
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV));
            return new String(cipher.doFinal(all, IV, all.length - IV), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a subscription's secret cannot be opened with this node's key "
                    + "(every node sharing the database needs the same key file)", e);
        }
    }
}
