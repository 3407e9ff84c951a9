package org.rapport.rules.impl;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.objectweb.asm.Type;

/** Where a member of a platform class (the JDK, Drools, a fact type) is declared, found by reflection. */
final class PlatformMembers {

    private PlatformMembers() {
    }

    /** The class that declares the member, searching the type, its superclasses and its interfaces. */
    static Class<?> declaring(Class<?> type, String name, String descriptor, boolean field) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(type);
        Set<Class<?>> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Class<?> c = todo.pop();
            if (!seen.add(c)) {
                continue;
            }
            if (declares(c, name, descriptor, field)) {
                return c;
            }
            if (name.equals("<init>")) {
                return null;
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        return null;
    }

    private static boolean declares(Class<?> c, String name, String descriptor, boolean field) {
        try {
            if (field) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.getName().equals(name)) {
                        return true;
                    }
                }
                return false;
            }
            if (name.equals("<init>")) {
                for (Constructor<?> k : c.getDeclaredConstructors()) {
                    if (Type.getConstructorDescriptor(k).equals(descriptor)) {
                        return true;
                    }
                }
                return false;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && Type.getMethodDescriptor(m).equals(descriptor)) {
                    return true;
                }
            }
        } catch (LinkageError e) {
            // A class whose members cannot all be linked here: it declares nothing rules can use.
        }
        return false;
    }
}
