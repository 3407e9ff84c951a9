package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What one compiled class refers to and how its code flows, read from its bytes without loading
 * it: the facts {@link Sandbox} judges. Names are internal ({@code java/lang/String}).
 */
final class ClassSummary {

    /** What a jump back is refused as. */
    static final String LOOP = "a loop";

    /** A member of another class (or of this one) that code refers to. */
    record MemberRef(String owner, String name, String descriptor, boolean field, String literalArgument) {
        MemberRef(String owner, String name, String descriptor, boolean field) {
            this(owner, name, descriptor, field, null);
        }
    }

    /** One method: what it refers to, and what in its code the sandbox refuses outright. */
    static final class MethodSummary {
        final String name;
        final String descriptor;
        final List<MemberRef> members = new ArrayList<>();
        final Set<String> types = new HashSet<>();
        /** Things the sandbox refuses whatever they name, e.g. "a loop", "a lock". */
        final List<String> refused = new ArrayList<>();
        final List<Handle> bootstraps = new ArrayList<>();
        final List<Handle> handles = new ArrayList<>();

        MethodSummary(String name, String descriptor) {
            this.name = name;
            this.descriptor = descriptor;
        }

        String key() {
            return name + descriptor;
        }
    }

    final String name;
    String superName;
    final List<String> interfaces = new ArrayList<>();
    /** Types the class's own declarations name: fields, method signatures, supertypes. */
    final Set<String> declaredTypes = new HashSet<>();
    final Map<String, MethodSummary> methods = new LinkedHashMap<>();
    final Set<String> fields = new HashSet<>();
    /** Set when the class is local or anonymous (declared inside a method). */
    String enclosingMethod;
    final List<String> refused = new ArrayList<>();

    private ClassSummary(String name) {
        this.name = name;
    }

    static ClassSummary read(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassSummary summary = new ClassSummary(reader.getClassName());
        reader.accept(summary.new Reader(), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return summary;
    }

    boolean declares(String methodKey) {
        return methods.containsKey(methodKey);
    }

    private final class Reader extends ClassVisitor {
        Reader() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            ClassSummary.this.superName = superName;
            if (superName != null) {
                declaredTypes.add(superName);
            }
            if (interfaces != null) {
                ClassSummary.this.interfaces.addAll(List.of(interfaces));
                declaredTypes.addAll(List.of(interfaces));
            }
        }

        @Override
        public void visitOuterClass(String owner, String name, String descriptor) {
            enclosingMethod = owner + (name == null ? "" : "." + name);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            fields.add(name);
            addType(declaredTypes, Type.getType(descriptor));
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            MethodSummary method = new MethodSummary(name, descriptor);
            methods.put(method.key(), method);
            Type type = Type.getMethodType(descriptor);
            addType(declaredTypes, type.getReturnType());
            for (Type argument : type.getArgumentTypes()) {
                addType(declaredTypes, argument);
            }
            if ((access & Opcodes.ACC_NATIVE) != 0) {
                refused.add("a native method (" + name + ")");
            }
            return new Code(method);
        }
    }

    /** Reads a method's code: references, and every jump that goes back (a loop). */
    private final class Code extends MethodVisitor {
        private final MethodSummary method;
        private final Map<Label, Integer> passed = new java.util.HashMap<>();
        private final List<Label[]> handlers = new ArrayList<>();
        /** The string the last instruction pushed, if it pushed a constant string; else null. */
        private String literal;

        Code(MethodSummary method) {
            super(Opcodes.ASM9);
            this.method = method;
        }

        @Override
        public void visitLabel(Label label) {
            passed.put(label, passed.size());
        }

        private void jumpTo(Label target) {
            if (passed.containsKey(target)) {
                refuse(LOOP);
            }
        }

        private void refuse(String what) {
            if (!method.refused.contains(what)) {
                method.refused.add(what);
            }
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            instruction(null);
            if (opcode == Opcodes.JSR) {
                refuse("a subroutine (jsr)");
            }
            jumpTo(label);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            instruction(null);
            jumpTo(dflt);
            for (Label label : labels) {
                jumpTo(label);
            }
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            instruction(null);
            jumpTo(dflt);
            for (Label label : labels) {
                jumpTo(label);
            }
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            // A handler placed before the code it guards would let a throw run that code again.
            handlers.add(new Label[] {end, handler});
            if (type != null) {
                method.types.add(type);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            instruction(null);
            if (opcode == Opcodes.MONITORENTER || opcode == Opcodes.MONITOREXIT) {
                refuse("a lock (synchronized)");
            }
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            instruction(null);
            if (opcode == Opcodes.RET) {
                refuse("a subroutine (ret)");
            }
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            instruction(null);
            addType(method.types, Type.getObjectType(type));
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            instruction(null);
            addType(method.types, Type.getType(descriptor));
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            instruction(null);
            method.members.add(new MemberRef(owner, name, descriptor, true));
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            String argument = instruction(null);
            if (owner.startsWith("[")) {
                // An array's clone() or Object methods: the array's element type is what matters.
                addType(method.types, Type.getObjectType(owner));
                return;
            }
            method.members.add(new MemberRef(owner, name, descriptor, false, argument));
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            instruction(null);
            method.bootstraps.add(bootstrap);
            addType(method.types, Type.getMethodType(descriptor).getReturnType());
            for (Object argument : arguments) {
                constant(argument);
            }
        }

        @Override
        public void visitLdcInsn(Object value) {
            instruction(value instanceof String text ? text : null);
            constant(value);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            instruction(null);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            instruction(null);
        }

        /** Notes an instruction; returns the constant string the one before it pushed, if any. */
        private String instruction(String pushedLiteral) {
            String before = literal;
            literal = pushedLiteral;
            return before;
        }

        private void constant(Object value) {
            if (value instanceof Type type) {
                if (type.getSort() == Type.METHOD) {
                    return; // a lambda's shape; its types are those of the handle it comes with
                }
                addType(method.types, type);
            } else if (value instanceof Handle handle) {
                method.handles.add(handle);
            } else if (value instanceof ConstantDynamic) {
                refuse("a dynamic constant");
            }
        }

        @Override
        public void visitEnd() {
            for (Label[] handler : handlers) {
                Integer end = passed.get(handler[0]);
                Integer start = passed.get(handler[1]);
                if (end != null && start != null && start < end) {
                    refuse("an exception handler before the code it guards");
                }
            }
        }
    }

    private static void addType(Set<String> types, Type type) {
        Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
        if (element.getSort() == Type.OBJECT) {
            types.add(element.getInternalName());
        }
    }
}
