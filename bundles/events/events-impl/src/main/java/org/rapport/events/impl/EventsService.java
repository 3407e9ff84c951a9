package org.rapport.events.impl;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.Cluster.Lease;
import org.rapport.persistence.SchemaMigrations;
import org.rapport.privacy.spi.AuditEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Domain events out: subscriptions, the outbox the capabilities' events are written to, and the
 * delivery of each to the subscriptions that want it. One node delivers at a time (the cluster
 * lock {@value #LOCK}), looking every {@code POLL} and going on while there is something to do:
 * it takes a batch of the events the capabilities recorded in their own transactions
 * ({@code DomainEvents}), then delivers a pass of at most {@value #PASS} deliveries per
 * subscription, several subscriptions side by side ({@code deliveryThreads}), each on up to
 * {@code connectionsPerSubscription} kept-open connections ({@link Courier}).
 */
@Component(service = EventsService.class, configurationPid = EventsConfig.PID)
@Designate(ocd = EventsConfig.class)
public class EventsService {

    /** The cluster lock the delivering node holds during a pass. */
    static final String LOCK = "events.delivery";
    static final int PASS = 500;
    /** How often the delivering node looks for something to deliver when it found nothing. */
    static final Duration POLL = Duration.ofMillis(200);
    /** The longest a node goes on delivering before it lets go of the lock, and takes it again. */
    static final Duration HOLD = Duration.ofSeconds(10);
    /** The most recorded events taken into the outbox in one transaction. */
    static final int TAKE = 500;
    /** How often the delivering node removes events older than {@code keepDays}. */
    static final Duration PRUNE_EVERY = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(EventsService.class);

    /** A new subscription, with its secret: the only time the secret is shown. */
    public record Created(Subscription subscription, String secret) {
    }

    private final Sql sql;
    private final Cluster cluster;
    private final Clock clock;
    // What the settings make: replaced when they change ({@link #modified}), the service staying registered.
    private volatile Settings settings;
    private final Secrets secrets;
    private final Targets.Resolver resolver;
    private volatile Targets targets;
    private final SubscriptionStore subscriptions;
    private final Outbox outbox;
    private final Intake intake;
    private volatile Courier courier;
    private final Consumer<Event> audit;
    private volatile ExecutorService pool;
    /** The key file the secrets were read from, which changes only with a restart. */
    private String secretKeyFile;
    private ScheduledExecutorService timer;
    private volatile Instant prunedAt = Instant.EPOCH;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    public EventsService(@Reference(target = "(osgi.jndi.service.name=rapport)") DataSource dataSource,
            @Reference Cluster cluster, EventsConfig config) {
        this(dataSource, cluster, Clock.systemUTC(), Settings.of(config), Secrets.fromFile(
                Path.of(System.getProperty("karaf.etc", "etc")).resolve(config.secretKeyFile())), InetAddress::getAllByName,
                null);
        secretKeyFile = config.secretKeyFile();
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "rapport-events-delivery"));
        timer.scheduleWithFixedDelay(this::deliverAll, 1000, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * New settings while running, between two delivery passes: the subscriptions' REST resource, which
     * holds this service, stays served. A bad value is refused, naming its key, and the previous settings
     * go on. The key file stays the one read at start: the secrets kept are sealed with its key.
     */
    @Modified
    synchronized void modified(EventsConfig config) {
        Settings next;
        try {
            next = Settings.of(config);
        } catch (IllegalArgumentException refused) {
            LOG.error("New settings of etc/{}.cfg refused, the previous ones still apply: {}", EventsConfig.PID,
                    refused.getMessage());
            return;
        }
        if (!config.secretKeyFile().equals(secretKeyFile)) {
            LOG.warn("secretKeyFile in etc/{}.cfg applies when events next starts", EventsConfig.PID);
        }
        Courier old = courier;
        ExecutorService oldPool = pool;
        settings = next;
        deliveryBy(next);
        old.close();
        oldPool.shutdown();
    }

    /** The targets' rules, the courier and its threads of these settings. */
    private void deliveryBy(Settings with) {
        this.targets = new Targets(with, resolver);
        this.courier = new Courier(with, secrets, targets, subscriptions, outbox, new Sender(with), (s, why) ->
                audit("system", "subscription.suspended", s, Subscription.ACTIVE, why));
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(with.deliveryThreads(), r -> {
            Thread t = new Thread(r, "rapport-events-sender-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** @param audit where audit events go; null: to Event Admin, when it is there */
    EventsService(DataSource dataSource, Cluster cluster, Clock clock, Settings settings, Secrets secrets,
            Targets.Resolver resolver, Consumer<Event> audit) {
        new SchemaMigrations(dataSource, EventsService.class.getClassLoader(), clock).migrate("rapport-events");
        this.sql = new Sql(dataSource);
        this.cluster = cluster;
        this.clock = clock;
        this.settings = settings;
        this.secrets = secrets;
        this.resolver = resolver;
        this.subscriptions = new SubscriptionStore(sql);
        this.outbox = new Outbox(sql);
        this.intake = new Intake(sql);
        deliveryBy(settings);
        this.audit = audit != null ? audit : event -> {
            EventAdmin admin = eventAdmin;
            if (admin != null) {
                admin.sendEvent(event);
            }
        };
    }

    /** Stops delivering and closes the connections kept open. */
    @Deactivate
    public void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
        }
        pool.shutdownNow();
        courier.close();
    }

    /**
     * @throws IllegalArgumentException starting with the field at fault ({@code name}, {@code url}, {@code types})
     */
    public Created subscribe(String name, String url, List<String> types, String actor) {
        String n = name == null ? "" : name.strip();
        if (!n.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("name '" + n + "' must be lower-case letters, digits and '-', at most 63");
        }
        if (subscriptions.named(n).isPresent()) {
            throw new IllegalArgumentException("name '" + n + "' is taken by another subscription");
        }
        URI target = targets.check(url).uri();
        LinkedHashSet<String> wanted = new LinkedHashSet<>();
        for (String t : types == null ? List.<String>of() : types) {
            for (String one : t.split(",")) {
                if (!one.isBlank() && !EventTypes.ALL.containsKey(one.strip())) {
                    throw new IllegalArgumentException("types: '" + one.strip() + "' is not an event type; there are "
                            + String.join(", ", EventTypes.ALL.keySet()));
                }
                if (!one.isBlank()) {
                    wanted.add(one.strip());
                }
            }
        }
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("types: name at least one of " + String.join(", ", EventTypes.ALL.keySet()));
        }
        String secret = Secrets.newSecret();
        long id = subscriptions.create(n, target.toString(), List.copyOf(wanted), secrets.seal(secret), actor, clock.instant());
        Subscription created = subscriptions.find(id).orElseThrow();
        audit(actor, "subscription.create", created, null, created.url() + " for " + String.join(", ", created.types()));
        return new Created(created, secret);
    }

    public List<Subscription> subscriptions() {
        return subscriptions.all();
    }

    public Optional<Subscription> subscription(long id) {
        return subscriptions.find(id);
    }

    /** Removes the subscription and its deliveries; false if there was none. */
    public boolean unsubscribe(long id, String actor) {
        Optional<Subscription> s = subscriptions.find(id);
        if (s.isEmpty()) {
            return false;
        }
        outbox.forget(id);
        subscriptions.delete(id);
        courier.forget(id);
        audit(actor, "subscription.delete", s.get(), s.get().url(), null);
        return true;
    }

    /** Lets a suspended subscription be delivered to again; false if it was not suspended. */
    public boolean resume(long id, String actor) {
        Subscription s = subscriptions.find(id).orElseThrow(() -> new IllegalArgumentException("id: no subscription " + id));
        if (!subscriptions.resume(id)) {
            return false;
        }
        audit(actor, "subscription.resumed", s, Subscription.SUSPENDED, Subscription.ACTIVE);
        return true;
    }

    /**
     * Delivers again every stored event the subscription wants that happened from {@code from}
     * until before {@code until}; answers how many. Refused when the subscription would have more
     * than {@code maxReplayEvents} deliveries waiting.
     *
     * @param until null: up to the newest
     * @throws IllegalArgumentException starting with the field at fault ({@code id}, {@code from}, {@code until})
     */
    public int replay(long id, Instant from, Instant until, String actor) {
        Subscription s = subscriptions.find(id).orElseThrow(() -> new IllegalArgumentException("id: no subscription " + id));
        if (until != null && !until.isAfter(from)) {
            throw new IllegalArgumentException("until " + until + " must be after from " + from);
        }
        int count = outbox.replay(s, from, until == null ? Instant.ofEpochMilli(Long.MAX_VALUE) : until, clock.instant(),
                settings.maxReplayEvents());
        audit(actor, "subscription.replay", s, null, count + " event(s) from " + from + (until == null ? "" : " until "
                + until));
        return count;
    }

    public List<Delivery> deliveries(long id, String state, int limit) {
        return outbox.deliveries(id, state, Math.max(1, Math.min(500, limit)));
    }

    /**
     * Writes an event of this bundle's own (the erasure's) to the outbox, with a delivery for each
     * subscription, active or suspended, that wants it.
     */
    void announce(String type, long contactId, Map<String, Object> data) {
        outbox.append(type, contactId, clock.instant(), data, subscriptions.all(), clock.instant());
    }

    /** Goes on delivering while there is something due, on the node holding the lock. */
    void deliverAll() {
        try {
            Optional<Lease> lease = cluster.tryLock(LOCK);
            if (lease.isEmpty()) {
                return;
            }
            try (Lease held = lease.get()) {
                // What the capabilities recorded, a batch at a time, each followed by a pass of what is due:
                // each pass takes the next event of each contact once the one before it is delivered.
                long end = System.nanoTime() + HOLD.toNanos();
                boolean more;
                do {
                    int taken = take();
                    more = deliverDue() > 0 || taken == TAKE;
                } while (more && System.nanoTime() - end < 0);
                if (clock.instant().isAfter(prunedAt.plus(PRUNE_EVERY))) {
                    prune();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Delivering events failed; trying again in a second: {}", e.toString());
        }
    }

    /** Takes at most {@value #TAKE} of the events the capabilities recorded into the outbox; answers how many. */
    int take() {
        return intake.take(subscriptions.all(), clock.instant(), TAKE);
    }

    /**
     * One pass: every delivery due now, the subscriptions side by side, each one's in order;
     * answers how many were attempted. A pass holds at most one delivery per contact and
     * subscription (the outbox's order), so sending side by side keeps each contact's order.
     */
    synchronized int deliverDue() {
        Map<Long, Subscription> active = new HashMap<>();
        subscriptions.all().stream().filter(s -> Subscription.ACTIVE.equals(s.state())).forEach(s -> active.put(s.id(), s));
        Instant now = clock.instant();
        Map<Long, List<Outbox.Due>> bySubscription = new LinkedHashMap<>();
        for (Outbox.Due d : outbox.due(new ArrayList<>(active.keySet()), now, PASS * Math.max(1, active.size()))) {
            bySubscription.computeIfAbsent(d.delivery().subscriptionId(), k -> new ArrayList<>()).add(d);
        }
        List<Future<Integer>> running = new ArrayList<>();
        courier.keepOnly(active.keySet());
        bySubscription.forEach((id, due) -> running.add(pool.submit(() -> courier.deliver(active.get(id), due, now))));
        int attempted = 0;
        for (Future<Integer> f : running) {
            try {
                attempted += f.get();
            } catch (ExecutionException e) {
                LOG.warn("Delivering to a subscription failed; trying again in a second: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(r -> r.cancel(true));
                break;
            }
        }
        return attempted;
    }

    /** Removes the events kept longer than {@code keepDays} that nothing waits for; answers how many. */
    int prune() {
        Instant now = clock.instant();
        int removed = outbox.prune(now.minus(settings.keep()));
        prunedAt = now;
        if (removed > 0) {
            LOG.info("Removed {} event(s) written more than {} day(s) ago", removed, settings.keep().toDays());
        }
        return removed;
    }

    /** For erasure: removes the contact's events and their deliveries, and announces the erasure once. */
    String erase(long contactId) {
        int[] removed = outbox.erase(contactId, EventTypes.CONTACT_ERASED);
        String said = removed[1] + " event(s) and " + removed[0] + " delivery record(s) removed";
        // Erasing again finds the announcement made the first time, and makes no second one.
        if (outbox.holds(contactId, EventTypes.CONTACT_ERASED)) {
            return said;
        }
        announce(EventTypes.CONTACT_ERASED, contactId, Map.of("contactId", contactId));
        return said + "; contact.erased announced";
    }

    Map<String, Object> export(long contactId) {
        return outbox.export(contactId);
    }

    private void audit(String actor, String action, Subscription s, String before, String after) {
        Map<String, Object> p = new HashMap<>();
        p.put(AuditEvents.ACTOR, actor == null ? "unknown" : actor);
        p.put(AuditEvents.ACTION, action);
        p.put(AuditEvents.SUBJECT, "subscription " + s.name());
        if (before != null) {
            p.put(AuditEvents.BEFORE, before);
        }
        if (after != null) {
            p.put(AuditEvents.AFTER, after);
        }
        audit.accept(new Event(AuditEvents.TOPIC, p));
    }
}
