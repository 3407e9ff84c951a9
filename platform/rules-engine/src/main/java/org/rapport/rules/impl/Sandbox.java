package org.rapport.rules.impl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Decides whether classes compiled from a rule package may be loaded, by reading their bytes:
 * every type and member they refer to must be one of the package's own classes, a fact type of
 * the package, or on the {@link AllowList}; their code may not loop (no jump goes back), may not
 * call itself through any chain of calls, takes no locks, declares no local or anonymous classes,
 * and makes no lambdas of its own (the JDK would call their bodies back). So a rule can decide,
 * and nothing else: it cannot reach files, processes, the network, reflection or class loading,
 * and every consequence, constraint and function ends after a number of steps bounded by its
 * size, which lets the time budget stop an evaluation between two rule firings.
 */
final class Sandbox {

    /**
     * One thing the sandbox refuses, in a class compiled from rules; {@code search} is how rule text
     * that makes it looks (a pattern), to say where the analyst wrote it.
     */
    record Violation(String className, String method, String subject, String reason, String search) {

        String message() {
            return "not allowed in rules: " + subject + " (" + reason + ")";
        }
    }

    /** Rule text that declares a class: an anonymous class. */
    private static final String CLASS_DECLARATION = "new\\s+[\\w.$]+\\s*\\([^)]*\\)\\s*\\{";
    private static final String LOOP = "(?<![\\w$])(while|for|do)(?![\\w$])";
    private static final String LAMBDA = "->|::";

    /** The functional interfaces compiled conditions and consequences implement: code the platform may call. */
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile(
            "org/drools/model/functions/(Predicate|Function|Block)(\\d+|N)|java/util/function/.*");
    private static final String BIG_DECIMAL = "java/math/BigDecimal";
    private static final String FROM_STRING = "(Ljava/lang/String;)V";
    private static final java.util.regex.Pattern PLAIN_DECIMAL = java.util.regex.Pattern.compile("[-+]?\\d{1,40}(\\.\\d{1,40})?");
    private static final String LAMBDA_BOOTSTRAP = "java/lang/invoke/LambdaMetafactory";

    private final AllowList allowed;
    private final Map<String, Class<?>> factTypes = new HashMap<>();
    private final ClassLoader resolver;
    private final Map<String, Class<?>> resolved = new HashMap<>();
    private final boolean loops;

    /**
     * @param resolver loads the platform's classes (the JDK, Drools, the fact types) to find where
     *        a member is declared; nothing of the rules is loaded with it
     */
    Sandbox(AllowList allowed, Collection<Class<?>> factTypes, ClassLoader resolver) {
        this(allowed, factTypes, resolver, false);
    }

    private Sandbox(AllowList allowed, Collection<Class<?>> factTypes, ClassLoader resolver, boolean loops) {
        this.loops = loops;
        this.allowed = allowed;
        factTypes.forEach(t -> this.factTypes.put(Type.getInternalName(t), t));
        this.resolver = resolver;
    }

    /**
     * The sandbox for the classes Drools generates from a release's alpha network: they may also use
     * the network's nodes (alpha-network.allow) and loop over them; no rule code is in them.
     */
    Sandbox forAlphaNetwork() {
        return new Sandbox(allowed.forAlphaNetworks(), factTypes.values(), resolver, true);
    }

    /** Every violation in these classes (file name or internal name to bytes); empty if they may run. */
    List<Violation> verify(Map<String, byte[]> classFiles) {
        Map<String, ClassSummary> classes = new HashMap<>();
        for (byte[] bytes : classFiles.values()) {
            ClassSummary summary = ClassSummary.read(bytes);
            classes.put(summary.name, summary);
        }
        return new Check(classes).run();
    }

    /** One verification: the classes under judgement and the calls between their methods. */
    private final class Check {
        private final Map<String, ClassSummary> classes;
        private final List<Violation> violations = new ArrayList<>();
        private final CallGraph calls = new CallGraph();
        private boolean callbacksListed;

        Check(Map<String, ClassSummary> classes) {
            this.classes = classes;
        }

        List<Violation> run() {
            for (ClassSummary c : classes.values()) {
                if (c.enclosingMethod != null) {
                    add(c, "", "a class declared inside a rule", "rules may not declare classes", CLASS_DECLARATION);
                }
                c.refused.forEach(r -> add(c, "", r, "not allowed in compiled rules", ""));
                c.declaredTypes.forEach(t -> checkType(c, "", t));
                for (ClassSummary.MethodSummary m : c.methods.values()) {
                    m.refused.stream().filter(r -> !(loops && r.equals(ClassSummary.LOOP)))
                            .forEach(r -> add(c, m.name, r, reasonFor(r), r.equals(ClassSummary.LOOP) ? LOOP : ""));
                    m.types.forEach(t -> checkType(c, m.name, t));
                    m.members.forEach(ref -> checkMember(c, m, ref));
                    m.bootstraps.forEach(b -> checkBootstrap(c, m, b));
                    m.handles.forEach(h -> checkHandle(c, m, h));
                }
            }
            for (CallGraph.Cycle cycle : calls.cycles()) {
                add(classes.get(cycle.owner()), cycle.method(), cycle.method() + "()", "rules may not call themselves, "
                        + "directly or through other functions: recursion has no bound; " + cycle.path(),
                        word(cycle.method()));
            }
            return violations;
        }

        private String reasonFor(String refused) {
            return refused.equals(ClassSummary.LOOP) ? "rules may not loop; match each item with a pattern ('from', "
                    + "'accumulate') instead" : "not allowed in compiled rules";
        }

        private void add(ClassSummary c, String method, String subject, String reason, String search) {
            Violation v = new Violation(dotted(c.name), method, subject, reason, search);
            if (!violations.contains(v)) {
                violations.add(v);
            }
        }

        private boolean isOwn(String internalName) {
            return classes.containsKey(internalName);
        }

        private void checkType(ClassSummary c, String method, String type) {
            if (!isOwn(type) && !factTypes.containsKey(type) && !allowed.allowsType(dotted(type))) {
                add(c, method, dotted(type), "not on the rules' allow-list", word(simpleName(type)));
            }
        }

        private void checkMember(ClassSummary c, ClassSummary.MethodSummary m, ClassSummary.MemberRef ref) {
            Target target = resolve(ref.owner(), ref.name(), ref.descriptor(), ref.field());
            if (target.own != null) {
                if (!ref.field()) {
                    call(c, m, target.own + "." + ref.name() + ref.descriptor());
                }
                return;
            }
            if (!ref.field() && !ref.name().startsWith("<")) {
                callsOverriders(c, m, ref);
            }
            if (!ref.field() && takesCode(ref.descriptor())) {
                callsEveryCallback(c, m);
            }
            if (target.declaring == null) {
                add(c, m.name, dotted(ref.owner()) + "." + ref.name(), "no such member", memberSearch(ref.owner(), ref.name()));
                return;
            }
            String declaring = Type.getInternalName(target.declaring);
            if (declaring.equals(BIG_DECIMAL) && ref.name().equals("<init>") && ref.descriptor().equals(FROM_STRING)) {
                // A number written in the rule, as compiled constraints make them; an exponent would let
                // one number hold a billion digits, and a computed text could hold any exponent.
                if (ref.literalArgument() == null || !PLAIN_DECIMAL.matcher(ref.literalArgument()).matches()) {
                    add(c, m.name, "new java.math.BigDecimal(String) of anything but a plain decimal literal",
                            "a number with an exponent or from computed text can be made of a billion digits",
                            memberSearch(ref.owner(), ref.name()));
                }
                return;
            }
            boolean ok = factTypes.containsKey(declaring)
                    || allowed.allowsMember(target.declaring.getName(), ref.name(), ref.descriptor())
                    || !factTypes.containsKey(ref.owner()) && !isOwn(ref.owner())
                            && allowed.allowsMember(dotted(ref.owner()), ref.name(), ref.descriptor());
            if (!ok) {
                add(c, m.name, dotted(declaring) + "." + ref.name() + (ref.field() ? "" : "()"),
                        "not on the rules' allow-list", memberSearch(ref.owner(), ref.name()));
            }
        }

        private void checkBootstrap(ClassSummary c, ClassSummary.MethodSummary m, Handle bootstrap) {
            if (!bootstrap.getOwner().equals(LAMBDA_BOOTSTRAP) || !bootstrap.getName().equals("metafactory")) {
                add(c, m.name, dotted(bootstrap.getOwner()) + "." + bootstrap.getName() + "()",
                        "not on the rules' allow-list", LAMBDA);
            }
        }

        /** A method reference: allowed if what it refers to is allowed, but never to code of the rules. */
        private void checkHandle(ClassSummary c, ClassSummary.MethodSummary m, Handle handle) {
            if (isOwn(handle.getOwner())) {
                add(c, m.name, "a lambda", "rules may not pass code to be called back; write the expression in "
                        + "the rule itself", LAMBDA);
                return;
            }
            boolean field = handle.getTag() <= Opcodes.H_PUTSTATIC;
            checkMember(c, m, new ClassSummary.MemberRef(handle.getOwner(), handle.getName(), handle.getDesc(), field));
        }

        private void call(ClassSummary c, ClassSummary.MethodSummary m, String callee) {
            calls.add(c.name + "." + m.key(), callee);
        }

        /**
         * A call of a method of another type may land in a class of the rules that implements or
         * extends it: count it as a call of each such method, so no recursion hides behind an
         * interface.
         */
        private void callsOverriders(ClassSummary c, ClassSummary.MethodSummary m, ClassSummary.MemberRef ref) {
            String key = ref.name() + ref.descriptor();
            for (ClassSummary other : classes.values()) {
                if (other.declares(key) && isSubtype(other, ref.owner())) {
                    call(c, m, other.name + "." + key);
                }
            }
        }

        /**
         * Handing an object of the rules' classes that is code (a compiled condition or
         * consequence) to the platform may get it called: count it as a call of every such method,
         * so that no recursion hides behind the platform either.
         */
        private void callsEveryCallback(ClassSummary c, ClassSummary.MethodSummary m) {
            call(c, m, CallGraph.PLATFORM);
            if (!callbacksListed) {
                // Once, through one node: edges from every such method to every callback would grow
                // as their product (millions for a package of a thousand rules).
                callbacksListed = true;
                for (ClassSummary other : classes.values()) {
                    if (other.interfaces.stream().anyMatch(Sandbox::isCode)) {
                        other.methods.values().stream().filter(o -> !o.name.startsWith("<"))
                                .forEach(o -> calls.add(CallGraph.PLATFORM, other.name + "." + o.key()));
                    }
                }
            }
        }

        private boolean isSubtype(ClassSummary c, String type) {
            Deque<String> todo = new ArrayDeque<>();
            todo.add(c.name);
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (name.equals(type)) {
                    return true;
                }
                if (!seen.add(name)) {
                    continue;
                }
                ClassSummary own = classes.get(name);
                if (own != null) {
                    if (own.superName != null) {
                        todo.add(own.superName);
                    }
                    todo.addAll(own.interfaces);
                } else {
                    Class<?> platform = load(name);
                    Class<?> wanted = load(type);
                    if (platform != null && wanted != null && wanted.isAssignableFrom(platform)) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Where a member is declared: in a class of the rules, or in a platform class. */
        private Target resolve(String owner, String name, String descriptor, boolean field) {
            String current = owner;
            while (isOwn(current)) {
                ClassSummary c = classes.get(current);
                if (field ? c.fields.contains(name) : c.declares(name + descriptor)) {
                    return new Target(current, null);
                }
                if (name.equals("<init>") && !field) {
                    return new Target(null, null);
                }
                current = c.superName;
                if (current == null) {
                    return new Target(null, null);
                }
            }
            Class<?> type = load(current);
            return new Target(null, type == null ? null : PlatformMembers.declaring(type, name, descriptor, field));
        }

    }

    private record Target(String own, Class<?> declaring) {
    }

    private Class<?> load(String internalName) {
        Class<?> fact = factTypes.get(internalName);
        if (fact != null) {
            return fact;
        }
        return resolved.computeIfAbsent(internalName, n -> {
            try {
                return Class.forName(n.replace('/', '.'), false, resolver);
            } catch (ClassNotFoundException | LinkageError e) {
                return null;
            }
        });
    }

    /** Whether a method takes code: a function, predicate or block of Drools' model or of the JDK. */
    private static boolean takesCode(String descriptor) {
        for (Type argument : Type.getArgumentTypes(descriptor)) {
            if (argument.getSort() == Type.OBJECT && isCode(argument.getInternalName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCode(String internalName) {
        return CODE.matcher(internalName).matches();
    }

    /** How rule text names a member: by its name, or a constructor by its type's simple name. */
    private static String memberSearch(String owner, String name) {
        String type = simpleName(owner);
        if (name.equals("INSTANCE") && type.endsWith("Operator")) {
            // A constraint's operator: 'matches' is MatchesOperator's instance.
            return word(Character.toLowerCase(type.charAt(0)) + type.substring(1, type.length() - "Operator".length()));
        }
        return word(name.equals("<init>") ? type : name);
    }

    private static String simpleName(String internalName) {
        return internalName.substring(Math.max(internalName.lastIndexOf('/'), internalName.lastIndexOf('$')) + 1);
    }

    private static String word(String word) {
        return "(?<![\\w$])" + java.util.regex.Pattern.quote(word) + "(?![\\w$])";
    }

    private static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}
