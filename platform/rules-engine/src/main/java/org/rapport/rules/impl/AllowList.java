package org.rapport.rules.impl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The types and members that code compiled from a rule package may use, outside the package's own
 * classes and its fact model. Read from {@code sandbox.allow} beside this class (the reviewed list
 * the product ships) and from entries an administrator adds in configuration.
 *
 * <p>One entry a line: {@code java.lang.String: length charAt substring}. The type is a binary
 * name ({@code Outer$Inner}), or {@code some.package.*} for every type of that package (not of
 * its sub-packages). Each member is a name ({@code <init>} for constructors), a name with the
 * start of its descriptor ({@code <init>()} for the constructor without parameters), or
 * {@code *} for every member. A type listed with no member may be named (a parameter, a cast,
 * a class literal) but none of its members used. A line ending with a backslash goes on on the
 * next; {@code #} starts a comment line.
 */
final class AllowList {

    /** Every member of a type. */
    private static final String ALL = "*";

    private final Map<String, Set<String>> types = new HashMap<>();
    private final Map<String, Set<String>> packages = new HashMap<>();

    private AllowList() {
    }

    /** The list the product ships. */
    static AllowList shipped() {
        return read("sandbox.allow", AllowList.class.getResourceAsStream("sandbox.allow"));
    }

    /** What compiled alpha networks need besides the rules' list (alpha-network.allow). */
    static AllowList alphaNetworks() {
        return read("alpha-network.allow", AllowList.class.getResourceAsStream("alpha-network.allow"));
    }

    /** This list with what compiled alpha networks need as well. */
    AllowList forAlphaNetworks() {
        AllowList network = alphaNetworks();
        AllowList both = with(List.of());
        network.types.forEach((k, v) -> both.types.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
        network.packages.forEach((k, v) -> both.packages.computeIfAbsent(k, x -> new HashSet<>()).addAll(v));
        return both;
    }

    /** The list read from a text in the format above; {@code source} names it in errors. */
    static AllowList read(String source, InputStream in) {
        if (in == null) {
            throw new IllegalStateException(source + " is missing");
        }
        AllowList list = new AllowList();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            StringBuilder entry = new StringBuilder();
            int first = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (entry.length() == 0) {
                    first = number;
                }
                // A line ending with a backslash goes on on the next one.
                boolean continued = line.endsWith("\\");
                entry.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
                if (!continued) {
                    list.add(source + ":" + first, entry.toString());
                    entry.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return list;
    }

    /** This list and the entries given (each one line of the format above), checked the same way. */
    AllowList with(Collection<String> entries) {
        AllowList list = new AllowList();
        types.forEach((k, v) -> list.types.put(k, new HashSet<>(v)));
        packages.forEach((k, v) -> list.packages.put(k, new HashSet<>(v)));
        int n = 0;
        for (String entry : entries) {
            list.add("configuration entry " + (++n), entry);
        }
        return list;
    }

    private void add(String where, String line) {
        int hash = line.indexOf('#');
        String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (text.isEmpty()) {
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(where + ": expected 'type: member member ...', found '" + text + "'");
        }
        String type = text.substring(0, colon).strip();
        if (!type.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*(\\.\\*)?")) {
            throw new IllegalArgumentException(where + ": '" + type + "' is not a type name");
        }
        List<String> members = new ArrayList<>();
        for (String member : text.substring(colon + 1).strip().split("\\s+")) {
            if (!member.isEmpty()) {
                members.add(member);
            }
        }
        Map<String, Set<String>> target = type.endsWith(".*") ? packages : types;
        String key = type.endsWith(".*") ? type.substring(0, type.length() - 2) : type;
        target.computeIfAbsent(key, k -> new HashSet<>()).addAll(members);
    }

    /** Whether rule code may name the type (binary name, with dots). */
    boolean allowsType(String type) {
        return members(type) != null;
    }

    /** Whether rule code may use the member {@code name} with {@code descriptor} of {@code type}. */
    boolean allowsMember(String type, String name, String descriptor) {
        Set<String> members = members(type);
        if (members == null) {
            return false;
        }
        if (members.contains(ALL) || members.contains(name)) {
            return true;
        }
        String signature = name + descriptor;
        for (String member : members) {
            if (member.indexOf('(') > 0 && signature.startsWith(member)) {
                return true;
            }
        }
        return false;
    }

    private Set<String> members(String type) {
        Set<String> members = types.get(type);
        if (members != null) {
            return members;
        }
        int dot = type.lastIndexOf('.');
        return dot < 0 ? null : packages.get(type.substring(0, dot));
    }
}
