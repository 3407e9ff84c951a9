package org.rapport.communication.impl;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.Template;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The templates, in {@code COMM_TEMPLATE}: each code has a text in one or more languages, a
 * subject, a text body (required) and an optional HTML body, checked against {@link HtmlPolicy}
 * when saved.
 */
final class TemplateStore {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateStore.class);
    private static final String CODE_SYNTAX = "[a-z0-9][a-z0-9-]{0,59}";
    private static final String LANGUAGE_SYNTAX = "[a-z]{2,3}(-[A-Za-z0-9]{2,8})*";
    /** An HTML body of designed mail, with its inline styles, stays far below this. */
    static final int MAX_HTML = 500_000;

    private final EntityManagerFactory emf;
    private final Clock clock;

    TemplateStore(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    Template save(Template template) {
        if (template == null) {
            throw new IllegalArgumentException("a template is required");
        }
        String code = Columns.required("code", template.code(), 60);
        if (!code.matches(CODE_SYNTAX)) {
            throw new IllegalArgumentException("code '" + code + "' must be lower-case letters, digits and '-'");
        }
        String language = language(template.language());
        String subject = Columns.optional("subject", template.subject(), 998);
        if (subject != null && (subject.contains("\n") || subject.contains("\r"))) {
            throw new IllegalArgumentException("subject must be one line");
        }
        Columns.required("body", template.body(), 100_000);
        String body = template.body(); // kept as written: line breaks and indentation are the author's
        String html = template.html() == null || template.html().isBlank() ? null : template.html();
        if (html != null && html.length() > MAX_HTML) {
            throw new IllegalArgumentException("html: at most " + MAX_HTML + " characters, not " + html.length());
        }
        List<String> problems = new ArrayList<>(Placeholders.problems("subject", subject));
        problems.addAll(Placeholders.problems("body", body));
        problems.addAll(Placeholders.problems("html", html));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        String stored = html == null ? null : HtmlPolicy.check("template '" + code + "' (" + language + ")", html);
        Instant now = clock.instant();
        Template saved = Transactions.retrying(emf, 3, em -> {
            TemplateEntity entity = find(em, code, language).orElseGet(() -> {
                TemplateEntity created = new TemplateEntity(code, language);
                em.persist(created);
                return created;
            });
            entity.subject = subject;
            entity.body = body;
            entity.html = stored;
            entity.updatedAt = now;
            return entity.toTemplate();
        });
        LOG.info("Template '{}' ({}) saved{}", code, language, stored == null ? "" : " with an HTML body");
        return saved;
    }

    private static String language(String value) {
        String language = Columns.required("language", value, 35).replace('_', '-');
        if (!language.matches(LANGUAGE_SYNTAX)) {
            throw new IllegalArgumentException("language '" + value + "' is not a language tag such as en, fr or pt-BR");
        }
        return language;
    }

    private static Optional<TemplateEntity> find(EntityManager em, String code, String language) {
        return em.createQuery("select t from TemplateEntity t where t.code = :code and t.language = :language",
                TemplateEntity.class).setParameter("code", code).setParameter("language", language).getResultStream()
                .findFirst();
    }

    /** The template's text in the contact's language, else its primary language, else the default. */
    Template forContact(String code, String contactLanguage) {
        Set<String> candidates = new LinkedHashSet<>();
        if (contactLanguage != null && !contactLanguage.isBlank()) {
            String tag = contactLanguage.strip().replace('_', '-');
            candidates.add(tag);
            candidates.add(tag.split("-")[0].toLowerCase(Locale.ROOT));
        }
        candidates.add(MessageService.DEFAULT_LANGUAGE);
        List<TemplateEntity> found = Transactions.read(emf, em -> em.createQuery(
                "select t from TemplateEntity t where t.code = :code", TemplateEntity.class)
                .setParameter("code", code).getResultList());
        if (found.isEmpty()) {
            throw new IllegalArgumentException("template '" + code + "' does not exist");
        }
        for (String language : candidates) {
            for (TemplateEntity t : found) {
                if (t.language.equalsIgnoreCase(language)) {
                    return t.toTemplate();
                }
            }
        }
        throw new IllegalArgumentException("template '" + code + "' has no text in " + String.join(", ", candidates));
    }

    List<Template> all() {
        return Transactions.read(emf, em -> em.createQuery(
                "select t from TemplateEntity t order by t.code, t.language", TemplateEntity.class).getResultStream()
                .map(TemplateEntity::toTemplate).toList());
    }

    Optional<Template> find(String code, String language) {
        return Transactions.read(emf, em -> find(em, code, language).map(TemplateEntity::toTemplate));
    }

    boolean delete(String code, String language) {
        return Transactions.inTransaction(emf, em -> em.createQuery(
                "delete from TemplateEntity t where t.code = :code and t.language = :language")
                .setParameter("code", code).setParameter("language", language).executeUpdate() > 0);
    }
}
