package org.rapport.service.impl;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.rapport.communication.api.InboundAttachment;
import org.rapport.communication.api.MessageAttachment;
import org.rapport.persistence.Transactions;
import org.rapport.service.api.CaseValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files that come with a customer's mail, kept with the entry they came with: only the media
 * types of {@code attachmentTypes}, at most {@code maxAttachments} of a message and
 * {@code maxAttachmentBytes} each; what is not kept is named in a note. An agent's reply carries
 * files held to the same settings and to what the outbox sends ({@link #checked}), written with the
 * reply's entry in its transaction ({@link CaseServiceImpl#reply(long, String, List, String)}). The type is the one the
 * sender declared, taken only from the allow-list; the name is reduced to letters, digits, spaces
 * and {@code . _ - ( )}, without any path, leading dot or control character. Served only to those
 * who may see the case ({@link QueueGuard}), as a download.
 */
@Component(service = CaseAttachments.class, configurationPid = ServiceConfig.PID)
public class CaseAttachments {

    /** A kept file without its bytes. */
    public record Info(long id, long entryId, String name, String contentType, long size, Instant createdAt) {
    }

    /** A kept file with its bytes. */
    public record File(Info info, byte[] content) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CaseAttachments.class);
    private static final Pattern UNSAFE = Pattern.compile("[^\\p{L}\\p{N} ._()-]+");
    private static final int NAME = 100;

    private final EntityManagerFactory emf;
    // From the settings, replaced when they change ({@link #modified}).
    private volatile Set<String> types;
    private volatile int maxBytes;
    private volatile int maxCount;
    private volatile Path inbox;

    /** @throws IllegalArgumentException naming the setting at fault in etc/org.rapport.service.cfg */
    @Activate
    public CaseAttachments(@Reference(target = "(osgi.unit.name=rapport-service)") EntityManagerFactory emf,
            ServiceConfig config) {
        this.emf = emf;
        apply(config);
    }

    /**
     * New settings while running (the cases' REST resource, which holds this component, stays served). A bad
     * value is refused, naming its key, and the previous settings go on.
     */
    @Modified
    void modified(ServiceConfig config) {
        try {
            apply(config);
        } catch (IllegalArgumentException refused) {
            LOG.error("New settings of etc/{}.cfg refused, the previous ones still apply: {}", ServiceConfig.PID,
                    refused.getMessage());
        }
    }

    private synchronized void apply(ServiceConfig config) {
        String where = "etc/" + ServiceConfig.PID + ".cfg: ";
        Set<String> allowed = new LinkedHashSet<>();
        for (String type : CaseInput.list(config.attachmentTypes())) {
            if (!MessageAttachment.isMediaType(type)) {
                throw new IllegalArgumentException(where + "attachmentTypes: '" + type + "' is not a media type "
                        + "type/subtype in lower case");
            }
            allowed.add(type);
        }
        if (config.maxAttachmentBytes() < 1 || config.maxAttachmentBytes() > InboundAttachment.MAX_BYTES) {
            throw new IllegalArgumentException(where + "maxAttachmentBytes: " + config.maxAttachmentBytes()
                    + " is not from 1 to " + InboundAttachment.MAX_BYTES);
        }
        if (config.maxAttachments() < 0 || config.maxAttachments() > InboundAttachment.MAX_COUNT) {
            throw new IllegalArgumentException(where + "maxAttachments: " + config.maxAttachments() + " is not from 0 to "
                    + InboundAttachment.MAX_COUNT);
        }
        this.types = Collections.unmodifiableSet(allowed);
        this.maxBytes = config.maxAttachmentBytes();
        this.maxCount = config.maxAttachments();
        this.inbox = config.attachmentInbox() == null || config.attachmentInbox().isBlank()
                ? Paths.get(System.getProperty("karaf.home", "."), "attachments") : Paths.get(config.attachmentInbox());
    }

    /** The folder {@code cases:reply --attach} takes files from by name, set by an administrator. */
    public Path inbox() {
        return inbox;
    }

    /** The most bytes of one file. */
    public int maxBytes() {
        return maxBytes;
    }

    /** A name safe to store and to offer as a download: no path, no control or markup character. */
    static String safeName(String given) {
        String name = given == null ? "" : Normalizer.normalize(given, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = UNSAFE.matcher(name).replaceAll("_").strip().replaceAll("^[.\\s]+", "");
        if (name.length() > NAME) {
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, NAME - ext.length()) + ext;
        }
        return name.isEmpty() ? "attachment" : name;
    }

    /** The files of a customer's message the settings allow, and why each of the others is not kept. */
    record Sorted(List<MessageAttachment> kept, List<String> refused) {
    }

    /**
     * The files of a customer's message as the settings allow them, under safe names, to be written
     * with their entry in its transaction; and why each of the others is not kept.
     */
    Sorted sort(List<InboundAttachment> files) {
        List<String> refused = new ArrayList<>();
        List<MessageAttachment> kept = new ArrayList<>();
        for (InboundAttachment file : files) {
            String name = safeName(file.name());
            String type = file.contentType() == null ? "" : file.contentType();
            if (!types.contains(type)) {
                refused.add(name + " (" + (type.isEmpty() ? "no type" : type) + " is not an allowed type)");
            } else if (file.truncated() || file.content().length > maxBytes) {
                refused.add(name + " (larger than " + maxBytes + " bytes)");
            } else if (kept.size() >= maxCount) {
                refused.add(name + " (more than " + maxCount + " attachments)");
            } else {
                kept.add(new MessageAttachment(name, type, file.content()));
            }
        }
        return new Sorted(kept, refused);
    }

    /**
     * The files an agent's reply is to carry, under safe names, if the settings allow each and the
     * outbox takes them all: at most {@code maxAttachments} and {@link MessageAttachment#MAX_COUNT}
     * files, {@link MessageAttachment#MAX_BYTES} together. Checked before anything is written, so
     * that a reply never shows files that did not leave with it.
     *
     * @throws CaseValidationException naming {@code attachments} (too many, too large together) or
     *         {@code attachments[i]} and why
     */
    public List<MessageAttachment> checked(List<MessageAttachment> files) {
        if (files == null || files.isEmpty()) {
            return List.of();
        }
        int most = Math.min(maxCount, MessageAttachment.MAX_COUNT);
        if (files.size() > most) {
            throw CaseValidationException.of("attachments", "at most " + most + " files, not " + files.size());
        }
        Map<String, String> errors = new LinkedHashMap<>();
        long total = files.stream().filter(f -> f != null && f.content() != null).mapToLong(f -> f.content().length).sum();
        if (total > MessageAttachment.MAX_BYTES) {
            errors.put("attachments", "the files together are " + total + " bytes, more than the "
                    + MessageAttachment.MAX_BYTES + " a reply carries");
        }
        List<MessageAttachment> safe = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            MessageAttachment f = files.get(i);
            if (f == null || f.content() == null) {
                errors.put("attachments[" + i + "]", "a file: name, contentType and content");
            } else if (!types.contains(f.contentType())) {
                errors.put("attachments[" + i + "]", "'" + CaseValidationException.shorten(String.valueOf(f.contentType()))
                        + "' is not an allowed type; one of " + String.join(", ", types));
            } else if (f.content().length > maxBytes) {
                errors.put("attachments[" + i + "]", "is larger than " + maxBytes + " bytes");
            } else {
                safe.add(new MessageAttachment(safeName(f.name()), f.contentType(), f.content()));
            }
        }
        if (!errors.isEmpty()) {
            throw new CaseValidationException(errors);
        }
        return safe;
    }

    /** Writes files, already checked, with entry {@code entryId} of case {@code caseId} in the transaction of {@code em}. */
    static void persist(EntityManager em, long caseId, long entryId, List<MessageAttachment> files, Instant now) {
        for (MessageAttachment f : files) {
            AttachmentEntity a = new AttachmentEntity();
            a.caseId = caseId;
            a.entryId = entryId;
            a.name = f.name();
            a.contentType = f.contentType();
            a.size = f.content().length;
            a.content = Base64.getEncoder().encodeToString(f.content());
            a.createdAt = now;
            em.persist(a);
        }
    }

    /** The files kept with case {@code caseId}, oldest first, without their bytes. */
    public List<Info> list(long caseId) {
        return Transactions.read(emf, em -> em.createQuery("select a.id, a.entryId, a.name, a.contentType, a.size, "
                + "a.createdAt from AttachmentEntity a where a.caseId = :c order by a.id", Object[].class)
                .setParameter("c", caseId).getResultList().stream().map(r -> new Info((Long) r[0], (Long) r[1],
                        (String) r[2], (String) r[3], (Long) r[4], (Instant) r[5])).toList());
    }

    /** File {@code id} of case {@code caseId}, with its bytes. */
    public Optional<File> find(long caseId, long id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(AttachmentEntity.class, id))
                .filter(a -> a.caseId == caseId).map(a -> new File(new Info(a.id, a.entryId, a.name, a.contentType, a.size,
                        a.createdAt), Base64.getDecoder().decode(a.content.getBytes(StandardCharsets.US_ASCII)))));
    }
}
