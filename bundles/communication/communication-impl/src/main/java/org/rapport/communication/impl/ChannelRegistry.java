package org.rapport.communication.impl;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.rapport.communication.api.MessageChannel;
import org.rapport.guard.PluginPolicy;
import org.rapport.guard.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MessageChannel} services registered now, by name. A plugin's channel is taken only if
 * its manifest declares it ({@code channels}); one it does not declare is ignored and reported.
 */
final class ChannelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelRegistry.class);
    static final String NAME_SYNTAX = "[a-z][a-z0-9-]{0,59}";

    private final Map<String, MessageChannel> channels = new ConcurrentHashMap<>();
    private volatile PluginPolicy policy;

    /** Holds plugins' channels to their manifests from now on. */
    void holdPluginsTo(PluginPolicy plugins) {
        this.policy = plugins;
    }

    void add(MessageChannel channel, Map<String, ?> properties) {
        Object name = properties.get(MessageChannel.NAME);
        if (!(name instanceof String) || !((String) name).matches(NAME_SYNTAX)) {
            LOG.warn("A message channel ({}) is ignored: its service property {} is '{}', not a lower-case word",
                    channel.getClass().getName(), MessageChannel.NAME, name);
            return;
        }
        PluginPolicy plugins = policy;
        if (plugins != null && !plugins.admit(properties, Registration.CHANNEL, (String) name)) {
            return;
        }
        MessageChannel before = channels.putIfAbsent((String) name, channel);
        if (before != null && before != channel) {
            LOG.warn("A second message channel named '{}' ({}) is ignored while {} serves that name", name,
                    channel.getClass().getName(), before.getClass().getName());
        } else {
            LOG.info("Message channel '{}' is available ({})", name, channel.getClass().getName());
        }
    }

    void remove(MessageChannel channel, Map<String, ?> properties) {
        Object name = properties.get(MessageChannel.NAME);
        if (name instanceof String && channels.remove(name, channel)) {
            LOG.info("Message channel '{}' is gone; its messages wait for it", name);
        }
    }

    Optional<MessageChannel> find(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    /** A snapshot, sorted by name. */
    Map<String, MessageChannel> all() {
        return new TreeMap<>(channels);
    }
}
