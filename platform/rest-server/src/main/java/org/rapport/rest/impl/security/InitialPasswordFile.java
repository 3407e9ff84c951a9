package org.rapport.rest.impl.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generated password of the first administrator, kept in {@value #NAME} in Karaf's data
 * folder until it is first changed, as Jenkins keeps its initial admin password: {@code bin/start}
 * sends the console nowhere, so the console alone would lose it. Only the server's user may read
 * the file (created with permissions 600, never readable by anyone else for a moment). It lives in
 * {@code data/}, not {@code etc/}, because {@code etc/} is configuration that gets copied between
 * nodes and into version control. {@value #RESET_NAME}, created in the same folder by someone
 * with access to the server, asks for a new generated password at the next start.
 */
final class InitialPasswordFile {

    static final String NAME = "initial-admin-password";
    static final String RESET_NAME = "reset-admin-password";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Logger LOG = LoggerFactory.getLogger(InitialPasswordFile.class);

    private final Path folder;

    InitialPasswordFile(Path folder) {
        this.folder = folder;
    }

    /** The one in Karaf's data folder. */
    static InitialPasswordFile inKarafData() {
        return new InitialPasswordFile(Paths.get(System.getProperty("karaf.data", "data")));
    }

    Path path() {
        return folder.resolve(NAME);
    }

    Path resetRequest() {
        return folder.resolve(RESET_NAME);
    }

    /** Writes {@code password} as the file's only line, replacing an older one; readable by the owner only. */
    void write(String password) {
        Path file = path();
        try {
            Files.createDirectories(folder);
            Files.deleteIfExists(file);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            FileAttribute<?>[] ownerOnly = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            Files.createFile(file, ownerOnly);
            if (!posix) {
                // Without POSIX permissions (Windows), at least take reading away from everyone but the owner.
                file.toFile().setReadable(false, false);
                file.toFile().setReadable(true, true);
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(password);
                out.write(System.lineSeparator());
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // The write failure below is what matters.
            }
            throw new UncheckedIOException("cannot write the administrator's password to " + file, e);
        }
    }

    /** The password in the file, if there is one. */
    Optional<String> read() {
        Path file = path();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    /** Deletes the file, once its password no longer signs anyone in. */
    void delete(String why) {
        Path file = path();
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info("Deleted {}: {}", file, why);
            }
        } catch (IOException e) {
            LOG.error("Cannot delete {} ({}): delete it by hand, its password is no longer in use", file, why, e);
        }
    }

    /** Whether someone with access to the server asked for a new password, and takes the request away. */
    boolean takeResetRequest() {
        try {
            return Files.deleteIfExists(resetRequest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + resetRequest() + "; the reset is not done", e);
        }
    }
}
