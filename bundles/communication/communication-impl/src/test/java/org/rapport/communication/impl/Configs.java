package org.rapport.communication.impl;

import java.lang.annotation.Annotation;

/** Channel configurations as the container would hand them over. */
final class Configs {

    private Configs() {
    }

    static EmailConfig email(int port) {
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
        };
    }

    static WebhookConfig webhook(String name, String url, String secret) {
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
}
