package org.rapport.rules.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleEvents;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.RulesUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a folder with one sub-folder per rule package ({@code rules/loyalty/*.drl}) and deploys
 * a package whenever its files change and have settled, so an analyst's saved edit is live
 * within a second. A refused change is logged with file and line; the active release keeps
 * serving. Polling is used rather than a file-system watch service because editors save by
 * writing, renaming and deleting in many orders, and a poll of a few small files is cheap.
 *
 * <p>A release that comes from elsewhere (a rollback, a deployment from the shell) is written
 * back into the package's folder, so the folder always holds what is active and the next edit
 * starts from there. The folder learns of releases from the engine's Event Admin events, so it
 * and the engine do not depend on each other as services. So are releases that another node
 * sharing the database accepted: every node's folder follows the cluster's active release. A
 * folder that still holds an older release's files when the node starts (another node moved on
 * while this one was down) is brought up to date, not deployed over the newer release.
 */
// Immediate: it watches the folder from the start, not only once Event Admin first looks it up.
@Component(service = EventHandler.class, immediate = true, configurationPid = RuleHotFolder.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = EventConstants.EVENT_TOPIC + "=" + RuleEvents.RELEASE_ACTIVATED)
@Designate(ocd = RuleHotFolder.Config.class)
public class RuleHotFolder implements EventHandler, ReleaseListener {

    static final String PID = "org.rapport.rules.hotfolder";

    @ObjectClassDefinition(name = "Rapport rules hot folder",
            description = "A folder of rule packages that are deployed as soon as their files change.")
    public @interface Config {
        @AttributeDefinition(name = "Folder", description = "Folder holding one sub-folder per rule package.")
        String path();

        @AttributeDefinition(name = "Poll interval (ms)",
                description = "How often the folder is checked for changes; a change is deployed once two "
                        + "checks in a row see the same files.")
        long pollIntervalMillis() default 100;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RuleHotFolder.class);

    private final RulesEngine engine;
    private final Path root;
    private final ScheduledExecutorService poller;
    /** Per package: the fingerprint last seen, and the one last deployed (or refused). */
    private final Map<String, String> seen = new HashMap<>();
    private final Map<String, String> handled = new HashMap<>();
    /** Whether the first scan, at start, is running. */
    private boolean starting;

    /** Starts watching {@code config.path()} for {@code engine}. */
    @Activate
    public RuleHotFolder(@Reference RulesEngine engine, Config config) {
        this.engine = engine;
        root = Paths.get(config.path()).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            LOG.warn("Rules hot folder {} does not exist yet; it is watched and used once created", root);
        }
        starting = true;
        try {
            scan();
        } finally {
            starting = false;
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-rules-hotfolder");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::safeScan, config.pollIntervalMillis(), config.pollIntervalMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Watching rules hot folder {}", root);
    }

    /** Stops watching. */
    @Deactivate
    public void deactivate() {
        poller.shutdownNow();
    }

    private void safeScan() {
        try {
            scan();
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // A failed task would end the schedule: report it and keep watching.
            LOG.error("Scanning rules hot folder {} failed", root, e);
        }
    }

    /** Deploys every package whose files changed since the last deployment and were stable since the last scan. */
    synchronized void scan() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (DirectoryStream<Path> packages = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path folder : packages) {
                String name = folder.getFileName().toString();
                String fingerprint = fingerprint(folder);
                String previous = seen.put(name, fingerprint);
                boolean settled = fingerprint.equals(previous) || !handled.containsKey(name);
                if (settled && !fingerprint.equals(handled.get(name))) {
                    handled.put(name, fingerprint);
                    deploy(name, folder);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private void deploy(String name, Path folder) {
        Map<String, String> files;
        try {
            files = read(folder);
        } catch (IOException e) {
            LOG.error("Rule package '{}': cannot read {}: {}", name, folder, e.toString());
            return;
        }
        if (files.isEmpty()) {
            LOG.warn("Rule package '{}': {} holds no rule files; the active release, if any, keeps serving", name, folder);
            return;
        }
        if (starting && bringUpToDate(name, files)) {
            return;
        }
        try {
            engine.deploy(name, files, folder.toString(), author(folder));
        } catch (RuleRejectedException | RulesUnavailableException e) {
            // The engine has logged the reasons; the active release keeps serving.
            LOG.debug("Rule package '{}' from {} not activated: {}", name, folder, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Rule package '{}' from {} not activated", name, folder, e);
        }
    }

    /**
     * At start: if the folder holds the files of a release older than the package's newest (it
     * was not running when another node accepted that one), writes the newest into the folder
     * instead of deploying the old files again; answers whether it did.
     */
    private boolean bringUpToDate(String name, Map<String, String> files) {
        List<Release> history = engine.history(name);
        if (history.isEmpty() || history.get(0).fromBundle()) {
            return false;
        }
        String hash = Releases.hash(files);
        Release newest = history.get(0);
        Optional<Release> held = history.stream().skip(1).filter(r -> r.hash().equals(hash)).findFirst();
        if (held.isEmpty() || newest.hash().equals(hash)) {
            return false;
        }
        Optional<Map<String, String>> newestFiles = engine.files(name, newest.version());
        if (newestFiles.isEmpty()) {
            return false;
        }
        LOG.info("Rule package '{}': the folder holds v{}; v{} was accepted since and is written there",
                name, held.get().version(), newest.version());
        activated(newest, newestFiles.get(), true);
        return true;
    }

    @Override
    public void handleEvent(Event event) {
        String rulePackage = (String) event.getProperty(RuleEvents.PACKAGE);
        long version = (Long) event.getProperty(RuleEvents.VERSION);
        boolean fromAnotherNode = Boolean.TRUE.equals(event.getProperty(RuleEvents.FROM_ANOTHER_NODE));
        if (!fromAnotherNode && root.resolve(rulePackage).toString().equals(event.getProperty(RuleEvents.ORIGIN))) {
            return;
        }
        engine.history(rulePackage).stream().filter(r -> r.version() == version).findFirst()
                .ifPresent(release -> engine.files(rulePackage, version)
                        .ifPresent(files -> activated(release, files, fromAnotherNode)));
    }

    @Override
    public synchronized void activated(Release release, Map<String, String> files, boolean fromAnotherNode) {
        Path folder = root.resolve(release.rulePackage());
        // A bundle's rule pack lives and goes with its bundle; the folder holds what people keep here.
        // A release from this very folder is there already (another node's folder may have the same path).
        if (release.fromBundle() || !fromAnotherNode && folder.toString().equals(release.origin())) {
            return;
        }
        try {
            Files.createDirectories(folder);
            try (DirectoryStream<Path> existing = Files.newDirectoryStream(folder, RuleHotFolder::isRuleFile)) {
                for (Path file : existing) {
                    if (!files.containsKey(file.getFileName().toString())) {
                        Files.delete(file);
                    }
                }
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                RuleFiles.write(folder.resolve(file.getKey()), file.getValue());
            }
            String fingerprint = fingerprint(folder);
            seen.put(release.rulePackage(), fingerprint);
            handled.put(release.rulePackage(), fingerprint);
            LOG.info("Rule package '{}' v{} written to {}", release.rulePackage(), release.version(), folder);
        } catch (IOException e) {
            LOG.error("Rule package '{}' v{} is active but could not be written to {}; the folder is out of date",
                    release.rulePackage(), release.version(), folder, e);
        }
    }

    private static Map<String, String> read(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, RuleHotFolder::isRuleFile)) {
            for (Path file : entries) {
                files.put(file.getFileName().toString(), RuleFiles.read(file));
            }
        }
        return files;
    }

    /** The owner of the package's most recently changed file: on a shared server, the analyst who saved it. */
    static String author(Path folder) {
        Path newest = null;
        long newestTime = Long.MIN_VALUE;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, RuleHotFolder::isRuleFile)) {
            for (Path file : entries) {
                long modified = Files.getLastModifiedTime(file).toMillis();
                if (modified > newestTime) {
                    newest = file;
                    newestTime = modified;
                }
            }
            // Some file systems keep no owner.
            return newest == null || !folder.getFileSystem().supportedFileAttributeViews().contains("owner") ? "unknown"
                    : Files.getOwner(newest).getName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static boolean isRuleFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && RuleFiles.isPackageFile(name);
    }

    /** Names, sizes and modification times of a package's rule files: cheap to compute every poll. */
    private static String fingerprint(Path folder) throws IOException {
        StringBuilder fp = new StringBuilder();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, RuleHotFolder::isRuleFile)) {
            Map<String, BasicFileAttributes> sorted = new TreeMap<>();
            for (Path file : entries) {
                sorted.put(file.getFileName().toString(), Files.readAttributes(file, BasicFileAttributes.class));
            }
            sorted.forEach((name, attrs) -> fp.append(name).append('|').append(attrs.size()).append('|')
                    .append(attrs.lastModifiedTime().toMillis()).append(';'));
        }
        return Objects.toString(fp);
    }
}
