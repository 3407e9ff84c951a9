package org.rapport.rest.impl.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.apache.karaf.kar.KarService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapport.rest.ApiException;
import org.rapport.rest.impl.AuditTrail;
import org.rapport.rest.impl.Operations;
import org.rapport.rest.impl.plugins.KarArchive.Contents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins uploaded as KAR files by administrators: each is staged under
 * {@code ${karaf.data}/plugin-uploads} (never {@code deploy/}, so nothing of it is installed or
 * started), checked ({@link KarArchive}), and shown with what its manifests declare and which of
 * the Rapport API versions it needs this server exports ({@link ApiVersions}). Approving installs
 * it with Karaf's KAR service; rejecting deletes the file; uploads left pending longer than
 * {@code staleHours}, and every staged file at a start, are deleted. Installed KARs are
 * uninstalled here too. Every upload, approval, rejection and removal is audited.
 */
@Component(service = PluginUploads.class, configurationPid = PluginUploads.PID)
@Designate(ocd = PluginUploads.Config.class)
public class PluginUploads {

    public static final String PID = "org.rapport.plugins.uploads";

    @ObjectClassDefinition(name = "Rapport plugin uploads", description = "Limits on the KAR files administrators upload")
    public @interface Config {

        @AttributeDefinition(description = "The most entries a KAR may hold")
        int maxEntries() default 2000;

        @AttributeDefinition(description = "The most bytes a KAR may unpack to, counted as it is read")
        long maxUnpackedBytes() default 256L * 1024 * 1024;

        @AttributeDefinition(description = "Uploads neither approved nor rejected are deleted after this many hours")
        int staleHours() default 24;

        @AttributeDefinition(description = "The most uploads waiting for a decision at once")
        int maxPending() default 10;
    }

    static final String PENDING = "pending";
    /** A KAR's name, which Karaf takes from its file name: no path, no URL. */
    static final Pattern KAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private static final Logger LOG = LoggerFactory.getLogger(PluginUploads.class);

    private final KarService kars;
    private final ApiVersions apiVersions;
    private final Path staging;
    private final KarArchive.Limits limits;
    private final Duration stale;
    private final int maxPending;
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    private final Operations operations = new Operations("rapport-plugin-uploads");
    private final SecureRandom random = new SecureRandom();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    @Activate
    public PluginUploads(@Reference KarService kars, BundleContext context, Config config) {
        this(kars, new ApiVersions(context), Paths.get(System.getProperty("karaf.data", "data"), "plugin-uploads"), config);
    }

    PluginUploads(KarService kars, ApiVersions apiVersions, Path staging, Config config) {
        this.kars = kars;
        this.apiVersions = apiVersions;
        this.staging = staging;
        this.limits = new KarArchive.Limits(config.maxEntries(), config.maxUnpackedBytes());
        this.stale = Duration.ofHours(config.staleHours());
        this.maxPending = config.maxPending();
        deleteLeftOvers();
    }

    @Deactivate
    void deactivate() {
        operations.close();
    }

    /** Stages {@code body} as a KAR named {@code fileName} (or after its first feature), checked and read; nothing is installed. */
    public Upload stage(InputStream body, String fileName, String actor) {
        return stage(file -> {
            try (OutputStream out = file.open()) {
                body.transferTo(out);
            }
            return fileName;
        }, actor);
    }

    /**
     * Stages the one file of a {@code multipart/form-data} body (a browser form's file field) as a
     * KAR named {@code fileName}, else after the file's own name; the form is refused, and nothing
     * kept, unless it holds exactly one file ({@link MultipartForm}).
     */
    public Upload stageForm(InputStream body, String contentType, String fileName, String actor) {
        String boundary = MultipartForm.boundary(contentType);
        return stage(file -> {
            MultipartForm.FilePart part = MultipartForm.readFile(body, boundary, file);
            return fileName == null || fileName.isBlank() ? part.fileName() : fileName;
        }, actor);
    }

    /** Writes an upload's bytes to the file {@code file} opens (at most once), answering the name the sender gave it, or null. */
    private interface Body {
        String write(MultipartForm.Sink file) throws IOException;
    }

    private Upload stage(Body body, String actor) {
        expireStale();
        if (uploads.values().stream().filter(u -> u.state().equals(PENDING)).count() >= maxPending) {
            throw ApiException.conflict("there are " + maxPending + " uploads waiting for a decision: approve or reject them first");
        }
        String id = HexFormat.of().formatHex(nextId());
        Path file = staging.resolve(id + ".kar");
        try {
            Files.createDirectories(staging);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            String fileName = body.write(() -> new DigestOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), sha256));
            long bytes = Files.size(file);
            Contents contents = KarArchive.read(file, limits);
            String name = karName(fileName, contents);
            Upload upload = Upload.staged(id, name, actor, bytes, HexFormat.of().formatHex(sha256.digest()), contents, apiVersions);
            uploads.put(id, upload);
            AuditTrail.send(events, actor, "plugin.upload", "plugin upload " + id, null, upload.summary());
            LOG.info("Plugin upload {} ({}) staged by {}: {}", id, name, actor, upload.summary());
            return upload;
        } catch (IllegalArgumentException e) {
            delete(file);
            AuditTrail.send(events, actor, "plugin.upload", "plugin upload " + id, null, "refused: " + e.getMessage());
            throw ApiException.invalid("kar", e.getMessage());
        } catch (ApiException e) {
            delete(file);
            if (e.status() == 400) {
                AuditTrail.send(events, actor, "plugin.upload", "plugin upload " + id, null, "refused: " + e.getMessage());
            }
            throw e;
        } catch (IOException e) {
            delete(file);
            throw new UncheckedIOException("the upload could not be staged in " + staging, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            delete(file);
            throw e;
        }
    }

    private byte[] nextId() {
        byte[] id = new byte[8];
        random.nextBytes(id);
        return id;
    }

    static String karName(String fileName, Contents contents) {
        if (fileName == null || fileName.isBlank()) {
            return contents.features().get(0);
        }
        String name = fileName.endsWith(".kar") ? fileName.substring(0, fileName.length() - 4) : fileName;
        if (!KAR_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the name '" + name + "' is not a KAR's name: letters, digits, '.', '_' "
                    + "and '-', up to 100, starting with a letter or digit");
        }
        return name;
    }

    /** Every upload staged or decided since the start, newest first. */
    public List<Upload> list() {
        expireStale();
        return uploads.values().stream().map(this::current)
                .sorted(Comparator.comparing(Upload::uploadedAt).reversed()).toList();
    }

    public Upload get(String id) {
        return Optional.ofNullable(uploads.get(id)).map(this::current).orElseThrow(() -> ApiException.notFound("plugin upload", id));
    }

    /** Installs the staged KAR, in the background: its features install and its bundles start. */
    public Upload approve(String id, String actor) {
        Upload upload = get(id);
        if (!upload.state().equals(PENDING) && !upload.state().equals(Operations.FAILED)) {
            throw ApiException.conflict("the upload " + id + " is " + upload.state() + ", not waiting for a decision");
        }
        if (!upload.unsatisfied().isEmpty()) {
            throw ApiException.conflict("the plugin needs Rapport API versions this server does not export: "
                    + String.join("; ", upload.unsatisfied()));
        }
        if (installed().contains(upload.name())) {
            throw ApiException.conflict("a KAR named " + upload.name() + " is installed already: uninstall it first");
        }
        Path staged = staging.resolve(id + ".kar");
        operations.start(id, "approve", "installing", "installed", actor, () -> {
            // Karaf names an installed KAR after its file.
            Path named = Files.createDirectories(staging.resolve(id)).resolve(upload.name() + ".kar");
            Files.move(staged, named);
            try {
                kars.install(named.toUri());
            } finally {
                delete(named);
                delete(named.getParent());
            }
        }, end -> AuditTrail.send(events, actor, "plugin.approve", "plugin upload " + id, upload.summary(),
                end.error() == null ? "installed as KAR " + upload.name() : "failed: " + end.error()));
        return get(id);
    }

    /** Deletes the staged KAR; nothing of it was installed. */
    public Upload reject(String id, String actor) {
        Upload upload = get(id);
        if (!upload.state().equals(PENDING) && !upload.state().equals(Operations.FAILED)) {
            throw ApiException.conflict("the upload " + id + " is " + upload.state() + ", not waiting for a decision");
        }
        delete(staging.resolve(id + ".kar"));
        uploads.remove(id);
        AuditTrail.send(events, actor, "plugin.reject", "plugin upload " + id, upload.summary(), "rejected, file deleted");
        return upload.withState("rejected");
    }

    /** The names of the KARs installed, uploaded here or dropped into {@code deploy/}. */
    public List<String> installed() {
        try {
            return kars.list().stream().sorted().toList();
        } catch (Exception e) {
            throw new ApiException(503, "unavailable", "the installed KARs could not be listed: " + e.getMessage());
        }
    }

    /** Uninstalls an installed KAR, in the background: its features, and so its bundles, go. */
    public Operations.Operation uninstall(String name, String actor) {
        if (!installed().contains(name)) {
            throw ApiException.notFound("installed KAR", name);
        }
        return operations.start("kar " + name, "uninstall", "uninstalling", "uninstalled", actor, () -> kars.uninstall(name),
                end -> AuditTrail.send(events, actor, "plugin.uninstall", "KAR " + name, "installed",
                        end.error() == null ? "uninstalled" : "failed: " + end.error()));
    }

    /** The latest uninstall of the KAR {@code name}, if one was asked since the start. */
    public Optional<Operations.Operation> removal(String name) {
        return operations.find("kar " + name);
    }

    private Upload current(Upload upload) {
        return operations.find(upload.id()).map(upload::withOperation).orElse(upload);
    }

    private void expireStale() {
        Instant before = Instant.now().minus(stale);
        for (Upload upload : List.copyOf(uploads.values())) {
            if (current(upload).state().equals(PENDING) && upload.uploadedAt().isBefore(before)) {
                delete(staging.resolve(upload.id() + ".kar"));
                uploads.remove(upload.id());
                AuditTrail.send(events, "system", "plugin.expire", "plugin upload " + upload.id(), upload.summary(),
                        "not decided within " + stale.toHours() + " hours, file deleted");
            }
        }
    }

    /** Files staged before this start belong to uploads nobody can decide on any more. */
    private void deleteLeftOvers() {
        if (!Files.isDirectory(staging)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging)) {
            for (Path file : files) {
                if (Files.isDirectory(file)) {
                    try (DirectoryStream<Path> inside = Files.newDirectoryStream(file)) {
                        inside.forEach(PluginUploads::delete);
                    }
                }
                delete(file);
                LOG.info("Deleted the plugin upload {} left from before the start", file.getFileName());
            }
        } catch (IOException e) {
            LOG.warn("The plugin uploads left in {} could not be deleted", staging, e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("{} could not be deleted", file, e);
        }
    }
}
