package org.rapport.contacts.impl;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.persistence.EntityManagerFactory;

import org.rapport.persistence.Transactions;

/**
 * An import's upload in the database ({@code CONTACT_IMPORT_PART}), in parts of {@value #PART}
 * characters each written in a transaction of its own, so that whichever node runs the import's
 * job reads it. An upload that cannot be stored whole leaves nothing behind. A part is stored as its
 * UTF-8 bytes in Base64: a file may hold any character, the NUL character too, which PostgreSQL's
 * text does not (the import refuses such a row with its number; the upload must keep it).
 */
final class ImportContent {

    static final int PART = 256 * 1024;

    private ImportContent() {
    }

    /**
     * Stores {@code content} (UTF-8) as the upload of import {@code importId}.
     *
     * @return the SHA-256 of its bytes, hex
     * @throws IllegalArgumentException if it is not UTF-8 text (nothing is kept)
     */
    static String save(EntityManagerFactory emf, String importId, InputStream content) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        // The caller's stream stays open (a shell session's input is the session's).
        InputStream unclosed = new FilterInputStream(content) {
            @Override
            public void close() {
            }
        };
        try (Reader in = new InputStreamReader(new DigestInputStream(unclosed, sha256), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
            char[] buffer = new char[PART];
            for (int seq = 0; ; seq++) {
                int filled = 0;
                for (int n; filled < PART && (n = in.read(buffer, filled, PART - filled)) > 0; ) {
                    filled += n;
                }
                if (filled == 0 && seq > 0) {
                    break;
                }
                ImportPartEntity part = new ImportPartEntity(importId, seq, encode(new String(buffer, 0, filled)));
                Transactions.run(emf, em -> em.persist(part));
                if (filled < PART) {
                    break;
                }
            }
        } catch (CharacterCodingException e) {
            drop(emf, importId);
            throw new IllegalArgumentException("the file is not UTF-8 text (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            drop(emf, importId);
            throw e;
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The upload of import {@code importId}, read a part at a time as the reader goes. */
    static Reader open(EntityManagerFactory emf, String importId) {
        return new Reader() {
            private int seq;
            private String part = "";
            private int at;
            private boolean ended;

            @Override
            public int read(char[] into, int offset, int length) {
                while (at == part.length()) {
                    if (ended) {
                        return -1;
                    }
                    int next = seq++;
                    List<String> found = Transactions.read(emf, em -> em.createQuery("select p.content from "
                            + "ImportPartEntity p where p.importId = :id and p.seq = :seq", String.class)
                            .setParameter("id", importId).setParameter("seq", next).getResultList());
                    if (found.isEmpty()) {
                        if (next == 0) {
                            throw new IllegalStateException("the upload of import " + importId + " is no longer stored "
                                    + "(an erasure deletes the uploads of imports that are not running); hand the file in again");
                        }
                        ended = true;
                        return -1;
                    }
                    part = decode(found.get(0));
                    at = 0;
                }
                int n = Math.min(length, part.length() - at);
                part.getChars(at, at + n, into, offset);
                at += n;
                return n;
            }

            @Override
            public void close() {
                ended = true;
            }
        };
    }

    static String encode(String part) {
        return Base64.getEncoder().encodeToString(part.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String stored) {
        return new String(Base64.getDecoder().decode(stored), StandardCharsets.UTF_8);
    }

    /** Deletes the upload of import {@code importId}; whether there was one. */
    static boolean drop(EntityManagerFactory emf, String importId) {
        return Transactions.inTransaction(emf, em -> em.createQuery("delete from ImportPartEntity p where p.importId = :id")
                .setParameter("id", importId).executeUpdate()) > 0;
    }

    /** The imports whose upload is stored. */
    static List<String> stored(EntityManagerFactory emf) {
        return Transactions.read(emf, em -> em.createQuery("select distinct p.importId from ImportPartEntity p",
                String.class).getResultList());
    }
}
