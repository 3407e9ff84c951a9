package org.rapport.rest.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Pattern;

/**
 * Files a shell command is given by name, kept inside the one folder an administrator set aside
 * for them (the import inbox, the rules folder): a name is resolved in that folder, and neither
 * {@code ..}, an absolute path elsewhere nor a symbolic link leads out of it.
 */
public final class ConfinedFiles {

    /** One step of a name: letters, digits, spaces, '.', '_' and '-', not starting with '.'. */
    private static final Pattern SEGMENT = Pattern.compile("[\\p{L}\\p{N}_\\-][\\p{L}\\p{N} ._\\-]{0,254}");

    private ConfinedFiles() {
    }

    /**
     * The existing file or folder {@code name} names inside {@code folder}: a path relative to the
     * folder, or an absolute one that lies in it.
     *
     * @throws IllegalArgumentException if the name steps out of the folder (by {@code ..}, an
     *         absolute path or a symbolic link), has a step that is not a plain name, or names nothing
     */
    public static Path inside(Path folder, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name a file in " + folder);
        }
        Path root;
        try {
            root = folder.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException(folder + " does not exist; an administrator creates it");
        }
        Path given = Paths.get(name);
        Path relative;
        if (given.isAbsolute()) {
            Path normal = given.normalize();
            Path base = normal.startsWith(root) ? root : folder.toAbsolutePath().normalize();
            if (!normal.equals(given) || !normal.startsWith(base)) {
                throw new IllegalArgumentException(outside(name, folder));
            }
            relative = base.relativize(normal);
        } else {
            relative = given;
        }
        for (Path step : relative) {
            if (!SEGMENT.matcher(step.toString()).matches()) {
                throw new IllegalArgumentException(outside(name, folder) + " ('" + step
                        + "' is not a plain name: letters, digits, spaces, '.', '_' and '-', not starting with '.')");
            }
        }
        Path real;
        try {
            real = root.resolve(relative).toRealPath();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("there is no " + relative + " in " + folder);
        } catch (IOException e) {
            throw new IllegalArgumentException(relative + " in " + folder + " cannot be read: " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            throw new IllegalArgumentException(outside(name, folder) + " (a symbolic link leads elsewhere)");
        }
        if (!Files.isReadable(real)) {
            throw new IllegalArgumentException(relative + " in " + folder + " cannot be read");
        }
        return real;
    }

    private static String outside(String name, Path folder) {
        return "'" + name + "' is not a file in " + folder;
    }
}
