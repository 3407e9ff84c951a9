package org.rapport.communication.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import org.rapport.communication.api.InboundAttachment;
import org.rapport.communication.api.InboundKind;
import org.rapport.communication.api.InboundMessage;
import org.rapport.contacts.api.Channel;

/**
 * Reads an email that came in: its sender, subject, ids and threading headers, its text (the
 * plain part, else the HTML part reduced to text), its attachments (a part with a file name or
 * {@code Content-Disposition: attachment}, at most {@link InboundAttachment#MAX_COUNT}, handed on
 * as the sender named and typed them),
 * and what it is: a delivery status notification ({@code multipart/report;
 * report-type=delivery-status}, RFC 3464) is a bounce, with each recipient's status and the
 * bounced message's ids; a message with {@code Auto-Submitted} (other than {@code no}),
 * {@code X-Autoreply}, {@code X-Autorespond} or {@code Precedence: auto_reply}, {@code bulk} or
 * {@code junk} is an automatic reply; anything else is a person's message. Parts are read as bytes
 * with their charset, so no content handler of Jakarta Activation is involved.
 */
final class MailParser {

    /** The most bytes of one part read. */
    static final int MAX_PART_BYTES = 1 << 20;
    /** The most parts of a message looked at, however deeply nested. */
    private static final int MAX_PARTS = 50;
    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]{1,490}>");

    private MailParser() {
    }

    static Arrival parse(MimeMessage mail) throws MessagingException, IOException {
        return parse(mail, SenderCheck.NONE);
    }

    /** The mail, with what {@code check} finds of its sender ({@link Arrival#unauthenticated()}). */
    static Arrival parse(MimeMessage mail, SenderCheck check) throws MessagingException, IOException {
        String from = sender(mail);
        SenderCheck.Verdict verdict = check.check(mail.getHeader("Authentication-Results"), singleFrom(mail));
        String doubt = verdict.doubt();
        String subject = PlainText.line(mail.getSubject(), 998);
        String messageId = firstId(mail.getHeader("Message-ID", null));
        String externalId = messageId != null ? messageId : "sha256:" + digest(mail);
        String inReplyTo = firstId(mail.getHeader("In-Reply-To", null));
        List<String> references = ids(mail.getHeader("References", " "));
        Map<String, String> texts = new LinkedHashMap<>();
        List<Part> reports = new ArrayList<>();
        List<Part> originals = new ArrayList<>();
        List<Part> files = new ArrayList<>();
        walk(mail, texts, reports, originals, files, new int[1]);
        String text = texts.containsKey("text/plain") ? texts.get("text/plain")
                : texts.containsKey("text/html") ? PlainText.ofHtml(texts.get("text/html")) : "";
        text = PlainText.clean(text, InboundMessage.MAX_TEXT);
        if (mail.isMimeType("multipart/report") && !reports.isEmpty()) {
            Map<String, String> original = new LinkedHashMap<>();
            for (Part part : originals) {
                original.putAll(headerBlocks(read(part, 64 * 1024)).stream().findFirst().orElse(Map.of()));
            }
            List<Arrival.BounceReport> bounces = new ArrayList<>();
            for (Part report : reports) {
                bounces.addAll(deliveryStatus(read(report, 64 * 1024), original));
            }
            return new Arrival("email", Channel.EMAIL, from, subject, text, externalId, inReplyTo, references,
                    InboundKind.BOUNCE, bounces, doubt, null, verdict.authenticated());
        }
        InboundKind kind = automatic(mail) ? InboundKind.AUTO_REPLY : InboundKind.MESSAGE;
        return new Arrival("email", Channel.EMAIL, from, subject, text, externalId, inReplyTo, references, kind, null,
                doubt, attachments(files), verdict.authenticated());
    }

    /** The address of the mail's one {@code From}, or null when it has none, several or none readable. */
    private static String singleFrom(MimeMessage mail) {
        try {
            // The From field itself: getFrom() would fall back to Sender, which DMARC does not align with.
            String field = mail.getHeader("From", ",");
            InternetAddress[] from = field == null ? null : InternetAddress.parseHeader(field, false);
            return from != null && from.length == 1 && from[0].getAddress() != null
                    ? from[0].getAddress() : null;
        } catch (MessagingException unparsable) {
            return null;
        }
    }

    private static String sender(MimeMessage mail) throws MessagingException {
        Address[] from;
        try {
            from = mail.getFrom();
        } catch (MessagingException unparsable) {
            from = null;
        }
        if (from != null && from.length > 0 && from[0] instanceof InternetAddress a && a.getAddress() != null) {
            return PlainText.line(a.getAddress().toLowerCase(Locale.ROOT), 320);
        }
        String raw = PlainText.line(mail.getHeader("From", ","), 320);
        return raw == null ? "unknown" : raw;
    }

    private static boolean automatic(MimeMessage mail) throws MessagingException {
        String submitted = mail.getHeader("Auto-Submitted", null);
        if (submitted != null && !submitted.strip().toLowerCase(Locale.ROOT).startsWith("no")) {
            return true;
        }
        if (mail.getHeader("X-Autoreply") != null || mail.getHeader("X-Autorespond") != null) {
            return true;
        }
        String precedence = mail.getHeader("Precedence", null);
        return precedence != null && List.of("auto_reply", "bulk", "junk")
                .contains(precedence.strip().toLowerCase(Locale.ROOT));
    }

    /** Collects the first text of each type, the delivery-status parts and the bounced message's headers. */
    private static void walk(Part part, Map<String, String> texts, List<Part> reports, List<Part> originals,
            List<Part> files, int[] seen) throws MessagingException, IOException {
        if (++seen[0] > MAX_PARTS) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            MimeMultipart multipart = new MimeMultipart(part.getDataHandler().getDataSource());
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), texts, reports, originals, files, seen);
            }
        } else if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
            reports.add(part);
        } else if (part.isMimeType("text/rfc822-headers") || part.isMimeType("message/rfc822")) {
            originals.add(part);
        } else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || fileName(part) != null) {
            files.add(part);
        } else {
            for (String type : List.of("text/plain", "text/html")) {
                if (part.isMimeType(type) && !texts.containsKey(type)) {
                    texts.put(type, read(part, MAX_PART_BYTES));
                }
            }
        }
    }

    /** The files, as many as are taken, each read up to its limit. */
    private static List<InboundAttachment> attachments(List<Part> files) throws MessagingException, IOException {
        List<InboundAttachment> attachments = new ArrayList<>();
        for (Part part : files.subList(0, Math.min(files.size(), InboundAttachment.MAX_COUNT))) {
            String type;
            try {
                type = new ContentType(part.getContentType()).getBaseType().toLowerCase(Locale.ROOT);
            } catch (MessagingException | NullPointerException malformed) {
                type = "application/octet-stream";
            }
            try (InputStream in = part.getInputStream()) {
                byte[] content = in.readNBytes(InboundAttachment.MAX_BYTES);
                attachments.add(new InboundAttachment(fileName(part), type, content, in.read() >= 0));
            }
        }
        return attachments;
    }

    /** The file name a part declares (decoded), or null. */
    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            return name == null || name.isBlank() ? null : MimeUtility.decodeText(name);
        } catch (MessagingException | IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** The part's content, decoded from its transfer encoding and charset, at most {@code max} bytes. */
    private static String read(Part part, int max) throws MessagingException, IOException {
        Charset charset = StandardCharsets.UTF_8;
        try {
            String name = new ContentType(part.getContentType()).getParameter("charset");
            if (name != null) {
                charset = Charset.forName(MimeUtility.javaCharset(name.strip()));
            }
        } catch (MessagingException | IllegalArgumentException unknownCharset) {
            // An unknown or malformed charset: read as UTF-8, with replacement characters where it does not fit.
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readNBytes(max), charset);
        }
    }

    /** The header blocks of a text (RFC 822 fields, blocks separated by an empty line), names in lower case. */
    static List<Map<String, String>> headerBlocks(String text) {
        List<Map<String, String>> blocks = new ArrayList<>();
        Map<String, String> block = new LinkedHashMap<>();
        String name = null;
        for (String line : text.split("\r?\n")) {
            if (line.isBlank()) {
                if (!block.isEmpty()) {
                    blocks.add(block);
                    block = new LinkedHashMap<>();
                }
                name = null;
            } else if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                block.merge(name, " " + line.strip(), String::concat);
            } else {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    block.putIfAbsent(name, line.substring(colon + 1).strip());
                }
            }
        }
        if (!block.isEmpty()) {
            blocks.add(block);
        }
        return blocks;
    }

    /** One report per recipient block of a {@code message/delivery-status} part that failed or was delayed. */
    private static List<Arrival.BounceReport> deliveryStatus(String text, Map<String, String> original) {
        String originalId = firstId(original.get("message-id"));
        Long rapportId = null;
        String header = original.get(EmailChannel.MESSAGE_HEADER.toLowerCase(Locale.ROOT));
        if (header != null && header.strip().matches("[0-9]{1,18}")) {
            rapportId = Long.parseLong(header.strip());
        }
        List<Arrival.BounceReport> reports = new ArrayList<>();
        for (Map<String, String> block : headerBlocks(text)) {
            String recipient = block.getOrDefault("final-recipient", block.get("original-recipient"));
            String action = block.getOrDefault("action", "").toLowerCase(Locale.ROOT);
            if (recipient == null || !(action.startsWith("failed") || action.startsWith("delayed"))) {
                continue;
            }
            int semicolon = recipient.indexOf(';');
            String address = PlainText.line(recipient.substring(semicolon + 1).strip().toLowerCase(Locale.ROOT), 320);
            String status = block.get("status");
            Matcher code = Pattern.compile("^([245])\\.[0-9]{1,3}\\.[0-9]{1,3}").matcher(status == null ? "" : status.strip());
            status = code.find() ? code.group() : action.startsWith("delayed") ? "4.0.0" : null;
            reports.add(new Arrival.BounceReport(address, status, PlainText.line(block.get("diagnostic-code"), 500),
                    originalId, rapportId));
        }
        return reports;
    }

    /** The first {@code <id>} of a header value, or null. */
    static String firstId(String value) {
        if (value == null) {
            return null;
        }
        Matcher m = MESSAGE_ID.matcher(value);
        return m.find() ? m.group() : null;
    }

    /** Every {@code <id>} of a header value, in order, at most 20 (the newest ones). */
    static List<String> ids(String value) {
        List<String> ids = new ArrayList<>();
        if (value != null) {
            Matcher m = MESSAGE_ID.matcher(value);
            while (m.find()) {
                ids.add(m.group());
            }
        }
        return ids.size() > 20 ? List.copyOf(ids.subList(ids.size() - 20, ids.size())) : ids;
    }

    private static String digest(MimeMessage mail) throws MessagingException, IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
                mail.writeTo(out);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
