package org.rapport.rest.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.osgi.service.jaxrs.runtime.dto.ApplicationDTO;
import org.osgi.service.jaxrs.runtime.dto.BaseDTO;
import org.osgi.service.jaxrs.runtime.dto.RuntimeDTO;

/** How {@link Readiness} reads what the runtime serves: components, the JAX-RS whiteboard, Karaf's commands. */
final class ServedParts {

    /** The header Karaf's shell reads command packages from. */
    static final String KARAF_COMMANDS = "Karaf-Commands";

    private ServedParts() {
    }

    /** The ids of the services the whiteboard serves: applications, and their resources and extensions. */
    static Set<Long> jaxrsServices(RuntimeDTO runtime) {
        Set<Long> ids = new HashSet<>();
        List<ApplicationDTO> applications = new ArrayList<>();
        if (runtime.defaultApplication != null) {
            applications.add(runtime.defaultApplication);
        }
        if (runtime.applicationDTOs != null) {
            applications.addAll(List.of(runtime.applicationDTOs));
        }
        for (ApplicationDTO application : applications) {
            ids.add(application.serviceId);
            add(ids, application.resourceDTOs);
            add(ids, application.extensionDTOs);
        }
        return ids;
    }

    private static void add(Set<Long> ids, BaseDTO[] parts) {
        if (parts != null) {
            for (BaseDTO part : parts) {
                ids.add(part.serviceId);
            }
        }
    }

    /** What a service is to the JAX-RS whiteboard ({@code resource}, {@code extension}, {@code application}), or null. */
    static String jaxrsKind(Function<String, Object> property) {
        if (isTrue(property.apply("osgi.jaxrs.resource"))) {
            return "resource";
        }
        if (isTrue(property.apply("osgi.jaxrs.extension"))) {
            return "extension";
        }
        return property.apply("osgi.jaxrs.application.base") != null ? "application" : null;
    }

    private static boolean isTrue(Object value) {
        return value != null && Boolean.parseBoolean(value.toString());
    }

    /**
     * Why a component is not running yet, or empty when it is (or is a factory, or waits for a
     * configuration an administrator has not given, which no amount of waiting at startup changes).
     */
    static Optional<String> unsatisfied(ComponentDescriptionDTO description, Collection<ComponentConfigurationDTO> configurations) {
        if (description.factory != null) {
            return Optional.empty();
        }
        if (configurations.isEmpty()) {
            return "require".equals(description.configurationPolicy) ? Optional.empty()
                    : Optional.of("component " + description.name + " is not started");
        }
        for (ComponentConfigurationDTO configuration : configurations) {
            switch (configuration.state) {
                case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> {
                    List<String> references = new ArrayList<>();
                    for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences) {
                        references.add(reference.name);
                    }
                    return Optional.of("component " + description.name + " waits for " + String.join(", ", references));
                }
                case ComponentConfigurationDTO.FAILED_ACTIVATION -> {
                    return Optional.of("component " + description.name + " failed to activate: " + configuration.failure);
                }
                default -> {
                    // Satisfied, active, or waiting for a configuration by design.
                }
            }
        }
        return Optional.empty();
    }

    /** The commands ({@code scope:name}) Karaf's shell registers for {@code bundle}, found as Karaf finds them. */
    static Set<String> commands(Bundle bundle) {
        String header = bundle.getHeaders().get(KARAF_COMMANDS);
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (header == null || wiring == null) {
            return Set.of();
        }
        Set<String> commands = new HashSet<>();
        for (String clause : header.split(",")) {
            String path = clause.split(";")[0].strip().replace('.', '/');
            int options = BundleWiring.LISTRESOURCES_LOCAL;
            if (path.endsWith("*")) {
                options |= BundleWiring.LISTRESOURCES_RECURSE;
                path = path.substring(0, path.length() - 1);
            }
            path = "/" + path.replaceAll("^/+|/+$", "");
            for (String resource : wiring.listResources(path, "*.class", options)) {
                try {
                    command(bundle.loadClass(resource.replace('/', '.').replace(".class", ""))).ifPresent(commands::add);
                } catch (ClassNotFoundException | NoClassDefFoundError notLoadable) {
                    // Karaf skips a class it cannot load; so does the count of what it should register.
                }
            }
        }
        return commands;
    }

    /** The command a class is to Karaf's shell ({@code scope:name}): an action with {@code @Service} and {@code @Command}. */
    static Optional<String> command(Class<?> type) {
        Command command = type.getAnnotation(Command.class);
        if (command == null || type.getAnnotation(Service.class) == null) {
            return Optional.empty();
        }
        return Optional.of(command.scope() + ":" + command.name());
    }
}
