package org.rapport.communication.impl;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.net.ServerSocket;

/** Configurations as the container would hand them over, for tests. */
public final class Configs {

    private Configs() {
    }

    /** A port nothing listens on now, for a server a test starts (or leaves down). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** An SMTP server on this machine's {@code port}, without login. */
    public static EmailConfig email(int port) {
        return email(port, 10);
    }

    /** The same, a connection kept open {@code keepOpenSeconds} after its last message. */
    public static EmailConfig email(int port, int keepOpenSeconds) {
        return new EmailConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return EmailConfig.class;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String from() {
                return "Rapport <crm@shop.example>";
            }

            @Override
            public String security() {
                return "none";
            }

            @Override
            public String username() {
                return "";
            }

            @Override
            public String password() {
                return "";
            }

            @Override
            public int timeoutSeconds() {
                return 5;
            }

            @Override
            public int keepOpenSeconds() {
                return keepOpenSeconds;
            }
        };
    }

    /** A webhook that reaches customers by phone. */
    public static WebhookConfig webhook(String name, String url, String secret) {
        return new WebhookConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return WebhookConfig.class;
            }

            @Override
            public String rapport_channel() {
                return name;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String secret() {
                return secret;
            }

            @Override
            public String medium() {
                return "phone";
            }

            @Override
            public String address() {
                return "phone";
            }

            @Override
            public int timeoutSeconds() {
                return 5;
            }
        };
    }

    /** A dispatcher that polls every {@code pollMillis} and retries after a second, three times. */
    public static CommunicationConfig communication(long pollMillis) {
        return new CommunicationConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CommunicationConfig.class;
            }

            @Override
            public long pollMillis() {
                return pollMillis;
            }

            @Override
            public int batchSize() {
                return 50;
            }

            @Override
            public int maxAttempts() {
                return 3;
            }

            @Override
            public long retryAfterSeconds() {
                return 1;
            }

            @Override
            public long retryAtMostSeconds() {
                return 2;
            }

            @Override
            public long channelBudgetSeconds() {
                return 30;
            }

            @Override
            public int suspendChannelAfterFaults() {
                return 5;
            }

            @Override
            public int senders() {
                return 2;
            }
        };
    }

    /** The mailbox {@code user} on this machine's IMAP {@code port}, without TLS. */
    public static MailboxConfig mailbox(int port, String user, String password) {
        return mailbox(port, user, password, "", false);
    }

    /** The same, trusting the Authentication-Results of {@code authservId} (and requiring them, if so). */
    public static MailboxConfig mailbox(int port, String user, String password, String authservId, boolean required) {
        return new MailboxConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return MailboxConfig.class;
            }

            @Override
            public String host() {
                return "127.0.0.1";
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String security() {
                return "none";
            }

            @Override
            public String username() {
                return user;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public String folder() {
                return "INBOX";
            }

            @Override
            public long scheduler_period() {
                return 60;
            }

            @Override
            public int batchSize() {
                return 200;
            }

            @Override
            public int timeoutSeconds() {
                return 5;
            }

            @Override
            public String authservId() {
                return authservId;
            }

            @Override
            public boolean requireAuthentication() {
                return required;
            }
        };
    }

    /** An inbound webhook of {@code kind} (messages or bounces) by {@code medium}, with the default limits. */
    public static InboundWebhookConfig inboundWebhook(String name, String kind, String secret, String medium) {
        return new InboundWebhookConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return InboundWebhookConfig.class;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String kind() {
                return kind;
            }

            @Override
            public String secret() {
                return secret;
            }

            @Override
            public String medium() {
                return medium;
            }

            @Override
            public int toleranceSeconds() {
                return 300;
            }

            @Override
            public int maxBytes() {
                return 4096;
            }

            @Override
            public String stopWords() {
                return "STOP,STOPP,UNSUBSCRIBE";
            }
        };
    }
}
