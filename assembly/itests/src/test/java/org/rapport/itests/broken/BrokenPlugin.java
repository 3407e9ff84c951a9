package org.rapport.itests.broken;

import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * A deliberately broken plugin, packed into a bundle of its own by {@code PluginIT}: it listens to
 * every recorded interaction, throws on most, and hangs on a visit. It counts the events it got in
 * the system property {@value #CALLS}.
 */
public class BrokenPlugin implements BundleActivator, EventHandler {

    public static final String CALLS = "rapport.itest.broken.calls";
    /** How long it hangs on a visit: well beyond the listener budget, but not forever. */
    public static final long HANG_MILLIS = 30_000;

    private ServiceRegistration<EventHandler> registration;

    @Override
    public void start(BundleContext context) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, "org/rapport/contacts/interaction/RECORDED");
        registration = context.registerService(EventHandler.class, this, properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }

    @Override
    public void handleEvent(Event event) {
        synchronized (BrokenPlugin.class) {
            System.setProperty(CALLS, Integer.toString(Integer.getInteger(CALLS, 0) + 1));
        }
        if ("visit".equals(event.getProperty("type"))) {
            try {
                Thread.sleep(HANG_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        throw new IllegalStateException("this plugin is broken on purpose");
    }
}
