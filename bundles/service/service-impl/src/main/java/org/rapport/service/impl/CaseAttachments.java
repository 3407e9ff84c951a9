package org.rapport.service.impl;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * files held to the same settings ({@link #checked}), kept with the reply's entry. The type is the one the
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
    private final Clock clock;

    @Activate
    public CaseAttachments(@Reference(target = "(osgi.unit.name=rapport-service)") EntityManagerFactory emf,
            ServiceConfig config) {
        this(emf, config, Clock.systemUTC());
    }

    /** @throws IllegalArgumentException naming the setting at fault in etc/org.rapport.service.cfg */
    CaseAttachments(EntityManagerFactory emf, ServiceConfig config, Clock clock) {
        this.emf = emf;
        this.clock = clock;
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

    /**
     * Keeps the files that came with entry {@code entryId} of case {@code caseId} as the settings
     * allow; answers why each of the others was not kept (empty when all were).
     */
    List<String> keep(long caseId, long entryId, List<InboundAttachment> files) {
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
        store(caseId, entryId, kept);
        return refused;
    }

    /**
     * The files an agent's reply is to carry, under safe names, if the settings allow each.
     *
     * @throws CaseValidationException naming {@code attachments[i]} and why
     */
    public List<MessageAttachment> checked(List<MessageAttachment> files) {
        if (files == null || files.isEmpty()) {
            return List.of();
        }
        if (files.size() > maxCount) {
            throw CaseValidationException.of("attachments", "at most " + maxCount + " files, not " + files.size());
        }
        Map<String, String> errors = new LinkedHashMap<>();
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

    /** Stores files, already checked, with entry {@code entryId} of case {@code caseId}. */
    public void store(long caseId, long entryId, List<MessageAttachment> files) {
        if (files.isEmpty()) {
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Transactions.inTransaction(emf, em -> {
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
            return null;
        });
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
