package org.rapport.rules.impl;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the facts a scenario names from their written properties, through the fact type's
 * public constructor whose parameter names cover them (Rapport compiles with parameter names).
 * A property the type does not have is an error that lists the ones it has.
 */
final class FactFactory {

    private final Collection<Class<?>> types;

    FactFactory(Collection<Class<?>> types) {
        this.types = types;
    }

    Object build(Scenario.Fact fact) {
        Class<?> type = types.stream()
                .filter(t -> t.getSimpleName().equals(fact.type()) || t.getName().equals(fact.type()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fact type '" + fact.type() + "'; known: "
                        + types.stream().map(Class::getSimpleName).sorted().collect(Collectors.joining(", "))));
        Constructor<?> constructor = constructorFor(type, fact.properties())
                .orElseThrow(() -> new IllegalArgumentException(fact.type() + " has no propert"
                        + (fact.properties().size() == 1 ? "y " : "ies ") + fact.properties().keySet()
                        + " to build from; it takes " + describe(type)));
        Parameter[] parameters = constructor.getParameters();
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            String value = fact.properties().get(parameters[i].getName());
            args[i] = convert(parameters[i].getName(), value, parameters[i].getType());
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(fact.type() + " refused " + fact.properties() + ": " + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getName(), e);
        }
    }

    private static Optional<Constructor<?>> constructorFor(Class<?> type, Map<String, String> properties) {
        return Arrays.stream(type.getConstructors())
                .filter(c -> Modifier.isPublic(c.getModifiers()))
                .filter(c -> Arrays.stream(c.getParameters()).allMatch(Parameter::isNamePresent))
                .filter(c -> Arrays.stream(c.getParameters()).map(Parameter::getName).collect(Collectors.toSet())
                        .containsAll(properties.keySet()))
                .min(Comparator.comparingInt(Constructor::getParameterCount));
    }

    private static String describe(Class<?> type) {
        boolean named = Arrays.stream(type.getConstructors())
                .anyMatch(c -> Arrays.stream(c.getParameters()).allMatch(Parameter::isNamePresent));
        if (!named) {
            return "no named properties: its constructors were compiled without parameter names (javac -parameters)";
        }
        return Arrays.stream(type.getConstructors())
                .map(c -> Arrays.stream(c.getParameters()).map(Parameter::getName).collect(Collectors.joining(", ", "(", ")")))
                .collect(Collectors.joining(" or "));
    }

    private static Object convert(String name, String value, Class<?> target) {
        if (value == null || value.isEmpty()) {
            if (!target.isPrimitive()) {
                return null;
            }
            return target == boolean.class ? Boolean.FALSE : target == char.class ? (Object) '\0' : convert(name, "0", target);
        }
        try {
            if (target == String.class) {
                return value;
            } else if (target == long.class || target == Long.class) {
                return Long.valueOf(value);
            } else if (target == int.class || target == Integer.class) {
                return Integer.valueOf(value);
            } else if (target == double.class || target == Double.class) {
                return Double.valueOf(value);
            } else if (target == boolean.class || target == Boolean.class) {
                return Boolean.valueOf(value);
            } else if (target == BigDecimal.class) {
                return new BigDecimal(value);
            } else if (target == Instant.class) {
                return Instant.parse(value);
            } else if (target == LocalDate.class) {
                return LocalDate.parse(value);
            } else if (target.isEnum()) {
                return enumValue(target, value);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + name + "': '" + value + "' is not a " + target.getSimpleName(), e);
        }
        throw new IllegalArgumentException("'" + name + "': values of type " + target.getSimpleName()
                + " cannot be written in a scenario");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String value) {
        return Enum.valueOf((Class<? extends Enum>) type, value);
    }
}
