package org.rapport.testing;

import java.io.File;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;

/**
 * Finds the shell arguments and options that name a contact, member, rule package, release,
 * segment, template, channel, job or user, by their name or description, and have no
 * {@code @Completion}: each of those must complete.
 */
public final class ShellCompletions {

    /** The kinds, as whole words: "contact id" names one, "contacts to show" does not. */
    static final Pattern NAMES_A_KIND =
            Pattern.compile("\\b(contact|member|package|release|segment|template|channel|job|user)\\b");

    private ShellCompletions() {
    }

    /**
     * The arguments and options without a completer that name a kind, as {@code scope:name field},
     * of every command class in the package (and the classes folder) of {@code anyCommand}.
     */
    public static List<String> withoutCompleter(Class<?> anyCommand) {
        List<String> missing = new ArrayList<>();
        for (Class<?> command : commandsBeside(anyCommand)) {
            missing.addAll(withoutCompleterIn(command));
        }
        return missing;
    }

    /** The command classes found: fails when there are none, so that a moved package is noticed. */
    public static List<Class<?>> commandsBeside(Class<?> anyCommand) {
        File folder = folderOf(anyCommand);
        String[] files = Optional.ofNullable(folder.list()).orElse(new String[0]);
        List<Class<?>> commands = Stream.of(files).filter(f -> f.endsWith(".class") && !f.contains("$"))
                .sorted().<Class<?>>map(f -> load(anyCommand.getPackageName() + "." + f.substring(0, f.length() - 6), anyCommand))
                .filter(c -> c.isAnnotationPresent(Command.class)).toList();
        if (commands.isEmpty()) {
            throw new AssertionError("no command classes beside " + anyCommand.getName());
        }
        return commands;
    }

    /** One command's arguments and options that name a kind and have no completer. */
    public static List<String> withoutCompleterIn(Class<?> command) {
        Command named = command.getAnnotation(Command.class);
        List<String> missing = new ArrayList<>();
        for (Class<?> c = command; c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (namesAKind(field) && !field.isAnnotationPresent(Completion.class)) {
                    missing.add(named.scope() + ":" + named.name() + " " + field.getName());
                }
            }
        }
        return missing;
    }

    /** Whether an argument or option says, in its field name, name or description, that it names a kind. */
    static boolean namesAKind(Field field) {
        Argument argument = field.getAnnotation(Argument.class);
        Option option = field.getAnnotation(Option.class);
        if (argument == null && option == null || field.getType() == boolean.class || field.getType() == Boolean.class) {
            return false; // a flag takes no value to complete
        }
        String text = words(field.getName()) + " " + (argument != null
                ? words(argument.name()) + " " + withoutExamples(argument.description())
                : words(option.name()) + " " + withoutExamples(option.description()));
        return NAMES_A_KIND.matcher(text.toLowerCase(Locale.ROOT)).find();
    }

    /** A quoted example ({@code such as "contact 17"}) shows a value, not what the argument names. */
    private static String withoutExamples(String description) {
        return description.replaceAll("\"[^\"]*\"", "");
    }

    /** {@code contactId} and {@code --rule-package} as words: "contact Id", "rule package". */
    private static String words(String name) {
        return name.replaceAll("([a-z])([A-Z])", "$1 $2").replace('-', ' ');
    }

    private static File folderOf(Class<?> type) {
        try {
            return new File(type.getResource(type.getSimpleName() + ".class").toURI()).getParentFile();
        } catch (URISyntaxException | IllegalArgumentException notAFolder) {
            throw new AssertionError(type.getName() + " is not in a classes folder", notAFolder);
        }
    }

    private static Class<?> load(String name, Class<?> beside) {
        try {
            return Class.forName(name, false, beside.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(name, e);
        }
    }
}
