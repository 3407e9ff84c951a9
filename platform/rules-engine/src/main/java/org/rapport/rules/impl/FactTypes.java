package org.rapport.rules.impl;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;

/**
 * The fact types a rule file names, resolved through its imports in the package's class loader,
 * for the gate's static checks: what each field holds (a number, whole or not; text; a boolean;
 * an enum's constants; whether it can be null), read from its getter's declared type, and the
 * values of constants ({@code LoyaltyDecisions.SET_TIER}). Only the contributed fact model's own
 * declarations are read; no rule code is loaded or run. A type it cannot resolve (a type the rules
 * declare, a name without its import) has fields of unknown type, which the checks treat with care.
 */
final class FactTypes {

    private final ClassLoader loader;
    private final List<String> imports;
    /**
     * Each type's fields by the name the rules write it under, shared by every file's view: the
     * checks compare the patterns of several files over the same type.
     */
    private final Map<String, Map<String, Domain.Field>> fields;

    FactTypes(ClassLoader loader) {
        this(loader, List.of(), new HashMap<>());
    }

    private FactTypes(ClassLoader loader, List<String> imports, Map<String, Map<String, Domain.Field>> fields) {
        this.loader = loader;
        this.imports = imports;
        this.fields = fields;
    }

    /** The same loader, resolving simple names through a rule file's imports. */
    FactTypes withImports(PackageDescr file) {
        return new FactTypes(loader, file.getImports().stream().map(ImportDescr::getTarget).toList(), fields);
    }

    /** What each readable field of a type holds, by field name; empty when the type is unknown. */
    Map<String, Domain.Field> fields(String typeName) {
        Map<String, Domain.Field> known = fields.get(typeName);
        if (known != null && !known.isEmpty()) {
            return known;
        }
        return fields.compute(typeName, (name, before) -> {
            Class<?> type = type(name);
            Map<String, Domain.Field> found = new HashMap<>();
            if (type == null) {
                return found;
            }
            if (type.isRecord()) {
                for (java.lang.reflect.RecordComponent component : type.getRecordComponents()) {
                    found.put(component.getName(), field(component.getType()));
                }
            }
            for (Method method : type.getMethods()) {
                if (method.getParameterCount() > 0 || Modifier.isStatic(method.getModifiers())
                        || method.getDeclaringClass() == Object.class) {
                    continue;
                }
                String field = property(method.getName(), method.getReturnType());
                if (field != null) {
                    found.putIfAbsent(field, field(method.getReturnType()));
                }
            }
            return found;
        });
    }

    /** What a type's fields hold, unknown for a field it does not have. */
    Function<String, Domain.Field> fieldsOf(String typeName) {
        Map<String, Domain.Field> known = fields(typeName);
        return name -> known.getOrDefault(name, Domain.Field.UNKNOWN);
    }

    /** The value of a public static final constant ({@code Type.NAME}, {@code a.b.Type.NAME}), or null. */
    Object constant(String text) {
        int dot = text.lastIndexOf('.');
        Class<?> type = type(text.substring(0, dot));
        if (type == null) {
            return null;
        }
        try {
            Field field = type.getField(text.substring(dot + 1));
            int modifiers = field.getModifiers();
            if (!Modifier.isStatic(modifiers) || !Modifier.isFinal(modifiers)) {
                return null;
            }
            Object value = field.get(null);
            return value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof Enum
                    ? (value instanceof Enum<?> e ? e.name() : value) : null;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private Class<?> type(String name) {
        if (loader == null) {
            return null;
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (String imported : imports) {
            if (imported.endsWith("." + name)) {
                candidates.add(imported);
            } else if (imported.endsWith(".*")) {
                candidates.add(imported.substring(0, imported.length() - 1) + name);
            }
        }
        candidates.add(name);
        for (String candidate : candidates) {
            try {
                return Class.forName(candidate, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // the next candidate
            }
        }
        return null;
    }

    private static String property(String method, Class<?> returned) {
        String name;
        if (method.startsWith("get") && method.length() > 3 && returned != void.class) {
            name = method.substring(3);
        } else if (method.startsWith("is") && method.length() > 2
                && (returned == boolean.class || returned == Boolean.class)) {
            name = method.substring(2);
        } else {
            return null;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static Domain.Field field(Class<?> type) {
        if (type == int.class || type == long.class || type == short.class || type == byte.class) {
            return new Domain.Field(true, false, true, false, null);
        }
        if (type == double.class || type == float.class) {
            return new Domain.Field(true, false, false, false, null);
        }
        if (type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class) {
            return new Domain.Field(true, false, true, true, null);
        }
        if (type == Double.class || type == Float.class || type == BigDecimal.class || type == Number.class) {
            return new Domain.Field(true, false, false, true, null);
        }
        if (type == boolean.class || type == Boolean.class) {
            return new Domain.Field(false, true, false, type == Boolean.class, Set.of("true", "false"));
        }
        if (type.isEnum()) {
            Set<String> names = new TreeSet<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            return new Domain.Field(false, true, false, true, names);
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return new Domain.Field(false, true, false, !type.isPrimitive(), null);
        }
        return new Domain.Field(false, false, false, true, null);
    }
}
