package org.rapport.events.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Domain events out: where subscriptions may point, how deliveries are retried, the key of the secrets. */
@ObjectClassDefinition(name = "Rapport events", description = "Domain events delivered to subscribed systems")
public @interface EventsConfig {

    String PID = "org.rapport.events";

    @AttributeDefinition(name = "Allow private targets", description = "Whether a subscription may point at an "
            + "address in a private, link-local, shared or unique-local range (10/8, 172.16/12, 192.168/16, "
            + "169.254/16, 100.64/10, fc00::/7, fe80::/10, and IPv6 forms embedding one: NAT64, 6to4, Teredo, "
            + "IPv4-mapped and -compatible); loopback has a setting of its own")
    boolean allowPrivateTargets() default false;

    @AttributeDefinition(name = "Allow plain HTTP", description = "Whether a subscription may use http:// to a "
            + "host other than loopback; https:// is always allowed")
    boolean allowPlainHttp() default false;

    @AttributeDefinition(name = "Allow loopback targets", description = "Whether a subscription may point at this "
            + "machine (127.0.0.0/8, ::1), over http:// or https://; for a receiver on the same machine and for tests")
    boolean allowLoopbackTargets() default false;

    @AttributeDefinition(name = "Attempts", description = "Attempts at delivering one event before it is dead-lettered")
    int maxAttempts() default 8;

    @AttributeDefinition(name = "First retry after (seconds)", description = "The wait after the first failed "
            + "attempt; it doubles after each further one")
    int backoffSeconds() default 10;

    @AttributeDefinition(name = "Longest wait (seconds)", description = "The most the wait between attempts grows to")
    int maxBackoffSeconds() default 3600;

    @AttributeDefinition(name = "Suspend after", description = "Failed attempts in a row after which a subscription "
            + "is suspended until an administrator resumes it; 0: never")
    int suspendAfter() default 20;

    @AttributeDefinition(name = "Keep (days)", description = "How long events are kept for replay after they were "
            + "written; older ones are removed with their deliveries, unless one is still pending")
    int keepDays() default 30;

    @AttributeDefinition(name = "Timeout (seconds)", description = "How long one delivery may take")
    int timeoutSeconds() default 10;

    @AttributeDefinition(name = "Delivery threads", description = "How many subscriptions are delivered to side by "
            + "side (1 to 32)")
    int deliveryThreads() default 4;

    @AttributeDefinition(name = "Connections per subscription", description = "How many connections, each kept "
            + "open, one subscription is sent to on side by side (1 to 16); they carry different contacts' events, so "
            + "each contact's events still arrive in order")
    int connectionsPerSubscription() default 4;

    @AttributeDefinition(name = "Replay cap", description = "The most deliveries one subscription may have waiting "
            + "after a replay; a replay that would pass it is refused, naming how many it would be")
    int maxReplayEvents() default 10000;

    @AttributeDefinition(name = "Source", description = "The CloudEvents source attribute of every event")
    String source() default "/rapport";

    @AttributeDefinition(name = "Secret key file", description = "The file holding the key the subscriptions' "
            + "secrets are encrypted with; created at the first start; every node sharing the database needs the same "
            + "file. Relative to the Karaf etc folder")
    String secretKeyFile() default "rapport-events.key";
}
