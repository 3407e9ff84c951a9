package org.rapport.retention.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.Template;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message templates the shipped retention rules name ({@code win-back}, {@code tier-downgrade}),
 * stored in English when the product has none of that name yet; analysts change them and add
 * languages like any template. Each is a text file in {@code templates/<code>.<language>.txt}:
 * a {@code Subject:} line, a blank line, the body.
 */
@Component(immediate = true)
public class DefaultTemplates {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultTemplates.class);
    static final List<String> SHIPPED = List.of("win-back.en", "tier-downgrade.en");

    @Activate
    public DefaultTemplates(@Reference MessageService messages) {
        Set<String> stored = messages.templates().stream().map(Template::code).collect(Collectors.toSet());
        for (String name : SHIPPED) {
            String code = name.substring(0, name.lastIndexOf('.'));
            String language = name.substring(name.lastIndexOf('.') + 1);
            if (!stored.contains(code)) {
                messages.saveTemplate(parse(code, language, read("/templates/" + name + ".txt")));
                LOG.info("Message template '{}' ({}) stored for the retention rules", code, language);
            }
        }
    }

    static Template parse(String code, String language, String text) {
        String normalized = text.replace("\r\n", "\n");
        if (!normalized.startsWith("Subject:") || !normalized.contains("\n\n")) {
            throw new IllegalArgumentException("template " + code + " must start with a Subject: line and a blank line");
        }
        int end = normalized.indexOf("\n\n");
        return new Template(code, language, normalized.substring("Subject:".length(), end).strip(),
                normalized.substring(end + 2), null);
    }

    private static String read(String resource) {
        try (InputStream in = DefaultTemplates.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
