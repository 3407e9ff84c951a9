package org.rapport.communication.impl;

import java.io.IOException;

import jakarta.mail.MessagingException;

/**
 * Jakarta Mail finds its providers (IMAP, SMTP) and Jakarta Activation its handlers through the
 * context class loader: work with mail runs with this bundle's, which holds them.
 */
final class MailClassLoader {

    /** Work that uses Jakarta Mail. */
    @FunctionalInterface
    interface MailWork<T> {
        T run() throws MessagingException, IOException;
    }

    private MailClassLoader() {
    }

    /**
     * Runs the work with this bundle's class loader as the context class loader.
     *
     * @throws IllegalStateException wrapping a {@link MessagingException} or {@link IOException}
     */
    static <T> T call(MailWork<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(MailClassLoader.class.getClassLoader());
        try {
            return work.run();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("the mailbox could not be read: " + e, e);
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
