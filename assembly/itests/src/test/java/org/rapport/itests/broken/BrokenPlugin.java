package org.rapport.itests.broken;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionListener;

/**
 * A deliberately broken plugin, packed into a bundle of its own by {@code PluginIT}: it listens to
 * every recorded interaction twice, on Event Admin and as an {@link InteractionListener}, throws on
 * most, and hangs on a visit. It counts the events it got in the system property {@value #CALLS}
 * and the listener's calls in {@value #LISTENER_CALLS}.
 */
public class BrokenPlugin implements BundleActivator, EventHandler, InteractionListener {

    public static final String CALLS = "rapport.itest.broken.calls";
    public static final String LISTENER_CALLS = "rapport.itest.broken.listener.calls";
    public static final String NAME = "broken-plugin";
    /** How long it hangs on a visit: well beyond the listener budget, but not forever. */
    public static final long HANG_MILLIS = 30_000;

    private ServiceRegistration<EventHandler> registration;
    private ServiceRegistration<InteractionListener> listener;

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, "org/rapport/contacts/interaction/RECORDED");
        registration = context.registerService(EventHandler.class, this, properties);
        Dictionary<String, Object> named = new Hashtable<>();
        named.put(InteractionListener.NAME, NAME);
        listener = context.registerService(InteractionListener.class, this, named);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
        listener.unregister();
    }

    @Override
    public void recorded(Interaction interaction) {
        count(LISTENER_CALLS);
        if ("visit".equals(interaction.type())) {
            hang();
            return;
        }
        throw new IllegalStateException("this plugin's listener is broken on purpose");
    }

    private static void count(String property) {
        synchronized (BrokenPlugin.class) {
            System.setProperty(property, Integer.toString(Integer.getInteger(property, 0) + 1));
        }
    }

    private static void hang() {
        try {
            Thread.sleep(HANG_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void handleEvent(Event event) {
        count(CALLS);
        if ("visit".equals(event.getProperty("type"))) {
            hang();
            return;
        }
        throw new IllegalStateException("this plugin is broken on purpose");
    }
}
