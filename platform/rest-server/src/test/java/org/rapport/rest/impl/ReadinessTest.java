package org.rapport.rest.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.Test;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.ExtensionDTO;
import org.osgi.service.jaxrs.runtime.dto.FailedResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.ResourceDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;
import org.rapport.rest.impl.command.KeysCommand;
import org.rapport.rest.impl.command.UsersCommand;

/** How readiness reads the runtime: what counts as served, and what as still starting. */
public class ReadinessTest {

    private static ComponentDescriptionDTO component(String name, String policy) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = name;
        description.configurationPolicy = policy;
        return description;
    }

    private static ComponentConfigurationDTO configuration(int state, String... unsatisfied) {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.state = state;
        configuration.unsatisfiedReferences = new UnsatisfiedReferenceDTO[unsatisfied.length];
        for (int i = 0; i < unsatisfied.length; i++) {
            configuration.unsatisfiedReferences[i] = new UnsatisfiedReferenceDTO();
            configuration.unsatisfiedReferences[i].name = unsatisfied[i];
        }
        return configuration;
    }

    @Test
    public void aComponentWaitingForAServiceIsNotServedAndSaysWhichReference() {
        assertEquals(Optional.of("component ContactsResource waits for contacts, emf"),
                ServedParts.unsatisfied(component("ContactsResource", "optional"),
                        List.of(configuration(ComponentConfigurationDTO.UNSATISFIED_REFERENCE, "contacts", "emf"))));
    }

    @Test
    public void aComponentThatFailedIsNotServed() {
        ComponentConfigurationDTO failed = configuration(ComponentConfigurationDTO.FAILED_ACTIVATION);
        failed.failure = "boom";
        assertEquals(Optional.of("component Broken failed to activate: boom"),
                ServedParts.unsatisfied(component("Broken", "optional"), List.of(failed)));
    }

    @Test
    public void satisfiedAndActiveComponentsAreServed() {
        assertTrue(ServedParts.unsatisfied(component("A", "optional"),
                List.of(configuration(ComponentConfigurationDTO.ACTIVE), configuration(ComponentConfigurationDTO.SATISFIED))).isEmpty());
    }

    @Test
    public void aComponentNotYetSeenByTheRuntimeIsNotServed() {
        assertEquals(Optional.of("component A is not started"), ServedParts.unsatisfied(component("A", "optional"), List.of()));
    }

    @Test
    public void aComponentThatNeedsAnAdministratorsConfigurationIsNotWaitedFor() {
        assertTrue(ServedParts.unsatisfied(component("Channel", "require"), List.of()).isEmpty());
        ComponentDescriptionDTO factory = component("Factory", "optional");
        factory.factory = "things";
        assertTrue(ServedParts.unsatisfied(factory, List.of()).isEmpty());
    }

    @Test
    public void servedMeansPartOfAnApplicationOfTheWhiteboardNotFailed() {
        RuntimeDTO runtime = new RuntimeDTO();
        ApplicationDTO rapport = new ApplicationDTO();
        rapport.serviceId = 10;
        ResourceDTO contacts = new ResourceDTO();
        contacts.serviceId = 11;
        ExtensionDTO json = new ExtensionDTO();
        json.serviceId = 12;
        rapport.resourceDTOs = new ResourceDTO[] {contacts};
        rapport.extensionDTOs = new ExtensionDTO[] {json};
        runtime.applicationDTOs = new ApplicationDTO[] {rapport};
        FailedResourceDTO loyalty = new FailedResourceDTO();
        loyalty.serviceId = 13;
        runtime.failedResourceDTOs = new FailedResourceDTO[] {loyalty};

        assertEquals(Set.of(10L, 11L, 12L), ServedParts.jaxrsServices(runtime));
    }

    @Test
    public void theWhiteboardsServicesAreKnownByTheirProperties() {
        assertEquals("resource", ServedParts.jaxrsKind(Map.<String, Object>of("osgi.jaxrs.resource", "true")::get));
        assertEquals("extension", ServedParts.jaxrsKind(Map.<String, Object>of("osgi.jaxrs.extension", Boolean.TRUE)::get));
        assertEquals("application", ServedParts.jaxrsKind(Map.<String, Object>of("osgi.jaxrs.application.base", "api")::get));
        assertNull(ServedParts.jaxrsKind(Map.<String, Object>of("osgi.jaxrs.resource", "false")::get));
    }

    @Test
    public void commandsAreFoundAsKarafFindsThem() {
        assertEquals(Optional.of("admin:users"), ServedParts.command(UsersCommand.class));
        assertEquals(Optional.of("admin:keys"), ServedParts.command(KeysCommand.class));
        assertTrue("not a command", ServedParts.command(Readiness.class).isEmpty());
    }

    @Test
    public void whatIsWaitedForIsShortForPeople() {
        Map<String, List<String>> pending = new LinkedHashMap<>();
        pending.put("rapport-contacts", List.of("a", "b", "c", "d", "e"));
        pending.put("rapport-loyalty", List.of("command loyalty:show is not registered"));

        assertEquals("waiting for rapport-contacts (a; b; c; 2 more), rapport-loyalty (command loyalty:show is not registered)",
                Readiness.describe(pending));
        assertEquals("ready", Readiness.describe(Map.of()));
    }
}
