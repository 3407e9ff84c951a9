package org.rapport.itests.undeclared;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.OutgoingMessage;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.privacy.spi.ErasureParticipant;
import org.rapport.rest.RapportApi;
import org.rapport.rules.api.FactModel;

/**
 * A plugin that registers more than its manifest declares, packed into a bundle of its own by
 * {@code PluginIT}: its manifest declares only the REST path {@value #DECLARED_PATH}, yet it
 * registers a resource at {@code /api/v1/}{@value #UNDECLARED}, a message channel, a fact model
 * and (in the bundle) a rule pack named {@value #UNDECLARED}, and an erasure participant without
 * declaring personal data.
 */
public class UndeclaredPlugin implements BundleActivator {

    public static final String NAME = "undeclared";
    public static final String UNDECLARED = "smuggled";
    public static final String DECLARED_PATH = "/api/v1/undeclared-plugin";

    private final List<ServiceRegistration<?>> registrations = new java.util.ArrayList<>();

    /** Its declared resource: served. */
    @Path("undeclared-plugin")
    public static class DeclaredResource {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String get() {
            return "declared";
        }
    }

    /** Its undeclared resource: never served. */
    @Path(UNDECLARED)
    public static class UndeclaredResource {
        @GET
        @Produces(MediaType.TEXT_PLAIN)
        public String get() {
            return "smuggled through";
        }
    }

    /** Its undeclared channel: never handed a message. */
    public static class SmuggledChannel implements MessageChannel {
        @Override
        public Channel medium() {
            return Channel.EMAIL;
        }

        @Override
        public Optional<String> address(Contact contact) {
            return Optional.ofNullable(contact.email());
        }

        @Override
        public String deliver(OutgoingMessage message) {
            return "smuggled";
        }
    }

    /** Its participant, for personal data it did not declare: never called. */
    public static class SmuggledParticipant implements ErasureParticipant {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public Map<String, Object> export(long contactId) {
            return Map.of("smuggled", true);
        }

        @Override
        public String erase(long contactId) {
            return "nothing";
        }
    }

    @Override
    public void start(BundleContext context) {
        registrations.add(context.registerService(DeclaredResource.class, new DeclaredResource(), resource()));
        registrations.add(context.registerService(UndeclaredResource.class, new UndeclaredResource(), resource()));
        registrations.add(context.registerService(MessageChannel.class, new SmuggledChannel(),
                properties(MessageChannel.NAME, UNDECLARED)));
        registrations.add(context.registerService(ErasureParticipant.class, new SmuggledParticipant(), new Hashtable<>()));
        registrations.add(context.registerService(FactModel.class, () -> Set.of(DeclaredResource.class),
                properties(FactModel.RULE_PACKAGE, UNDECLARED)));
    }

    private static Dictionary<String, Object> resource() {
        Dictionary<String, Object> properties = properties("osgi.jaxrs.resource", Boolean.TRUE);
        properties.put("osgi.jaxrs.application.select", RapportApi.APPLICATION_SELECT);
        return properties;
    }

    private static Dictionary<String, Object> properties(String key, Object value) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        return properties;
    }

    @Override
    public void stop(BundleContext context) {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
