package org.rapport.rules.impl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells of releases activated and withdrawn: on Event Admin in the server, and to listeners
 * registered directly when the engine runs on its own. Called outside any package lock.
 */
final class Announcer {

    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    private final List<ReleaseListener> listeners = new CopyOnWriteArrayList<>();
    private volatile EventAdmin events;

    void setEventAdmin(EventAdmin events) {
        this.events = events;
        String entries = allowList;
        if (events != null && entries != null) {
            allowList(entries);
        }
    }

    /**
     * Tells the audit log what configuration adds to the rules' allow-list; kept until Event Admin
     * is there to post it.
     */
    void allowList(String entries) {
        EventAdmin admin = events;
        allowList = entries;
        if (admin != null) {
            admin.postEvent(new Event(RuleEvents.ALLOW_LIST_CHANGED, Map.of(RuleEvents.ALLOW_LIST, entries)));
            allowList = null;
        }
    }

    private volatile String allowList;

    /** Posts an event (an audit entry) when Event Admin is there. */
    void post(Event event) {
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(event);
        }
    }

    void addListener(ReleaseListener listener) {
        listeners.add(listener);
    }

    void activated(Release release, Map<String, String> files, boolean fromAnotherNode) {
        for (ReleaseListener listener : listeners) {
            try {
                listener.activated(release, files, fromAnotherNode);
            } catch (RuntimeException e) {
                LOG.error("Release listener {} failed on {}", listener, release, e);
            }
        }
        post(RuleEvents.RELEASE_ACTIVATED, release, release.origin(), fromAnotherNode);
    }

    void withdrawn(Release release, String origin) {
        post(RuleEvents.RELEASE_WITHDRAWN, release, origin, false);
    }

    private void post(String topic, Release release, String origin, boolean fromAnotherNode) {
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(topic, Map.of(RuleEvents.PACKAGE, release.rulePackage(),
                    RuleEvents.VERSION, release.version(), RuleEvents.ORIGIN, origin, RuleEvents.HASH, release.hash(),
                    RuleEvents.AUTHOR, release.author(), RuleEvents.FROM_ANOTHER_NODE, fromAnotherNode)));
        }
    }
}
