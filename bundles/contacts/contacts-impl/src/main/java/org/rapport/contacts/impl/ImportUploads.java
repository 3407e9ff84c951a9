package org.rapport.contacts.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSV files handed in for import (a REST body, a shell command's standard input), kept in
 * {@code data/imports} only while their import runs: each is deleted when its job ends, whatever
 * the end, and files a stopped server left behind are deleted at the next start and by every
 * erasure. The job keeps the report; handing in the same file again resumes an import cut short.
 *
 * <p>Also the import inbox ({@code etc/org.rapport.contacts.imports.cfg}): the one folder whose
 * files {@code contacts:import} takes by name, set by an administrator.
 */
@Component(service = ImportUploads.class, configurationPid = ImportUploads.PID)
@Designate(ocd = ImportUploads.Config.class)
public class ImportUploads {

    static final String PID = "org.rapport.contacts.imports";

    /** The import inbox's settings. */
    @ObjectClassDefinition(name = "Rapport contact imports", description = "Where contacts:import finds files by name")
    public @interface Config {
        @AttributeDefinition(description = "The folder contacts:import takes files from by name (relative to it); "
                + "empty for the imports folder of the Karaf home. Only an administrator, who edits this file, "
                + "decides what is in it")
        String inbox() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ImportUploads.class);

    private final Path folder;
    private final Path inbox;
    private final Set<Path> inUse = ConcurrentHashMap.newKeySet();

    @Activate
    public ImportUploads(Config config) {
        this(Paths.get(System.getProperty("karaf.data", System.getProperty("java.io.tmpdir")), "imports"),
                config.inbox().isBlank() ? Paths.get(System.getProperty("karaf.home", "."), "imports")
                        : Paths.get(config.inbox()));
    }

    /** Outside a container: uploads kept in {@code folder}, files named from {@code inbox}. */
    public ImportUploads(Path folder, Path inbox) {
        this.folder = folder;
        this.inbox = inbox;
        // Nothing runs yet: whatever is here was left by a server that stopped during an import.
        deleteLeftovers();
    }

    /** The folder {@code contacts:import} takes files from by name. */
    public Path inbox() {
        return inbox;
    }

    /**
     * Stores {@code content} as a new upload, in use until {@link #release}. A copy that fails
     * half-way leaves nothing behind.
     */
    public Path store(InputStream content) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(UUID.randomUUID() + ".csv");
        inUse.add(file);
        try {
            Files.copy(content, file);
        } catch (IOException | RuntimeException e) {
            release(file);
            throw e;
        }
        return file;
    }

    /** The upload's import has ended (or never started): the file goes. */
    public void release(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete the uploaded import file {}: {}", file.getFileName(), e.toString());
        } finally {
            inUse.remove(file);
        }
    }

    /** Deletes every upload no running import reads, and says how many. */
    public int deleteLeftovers() {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (!inUse.contains(file) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the import uploads in " + folder + " could not be deleted", e);
        }
        return deleted;
    }
}
