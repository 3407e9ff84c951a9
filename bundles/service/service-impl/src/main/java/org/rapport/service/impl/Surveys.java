package org.rapport.service.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.api.Template;
import org.rapport.persistence.Transactions;
import org.rapport.rest.MinuteWindow;
import org.rapport.service.api.EntryKind;
import org.rapport.service.impl.SurveyAnswers.Answer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The satisfaction survey of a closed case ({@code surveys = true}): once per case, through the
 * outbox on the case's reply channel with the {@value #TEMPLATE} template, for the purpose
 * {@code surveyPurpose} (the consent gate decides as it leaves; a survey it holds back is
 * {@code held} with the gate's reason, in the thread). The customer answers by the signed link
 * ({@link SurveyLinks}) or by replying with a score; each survey is answered once, before it
 * expires ({@code surveyDays}). The answer (1 to 5, an optional comment) is an entry of the thread,
 * and goes to the contact's timeline and the feedback figures ({@link SurveyFeedback}).
 */
final class Surveys {

    static final String TEMPLATE = "case-survey";
    static final String REFERENCE_PREFIX = "service-survey-";
    static final int COMMENT = 2000;

    private static final Pattern SCORE = Pattern.compile("\\A\\s*([1-5])(?![0-9])(?![.,][0-9])(?:\\s*(?:/|of|out of)\\s*5)?"
            + "[\\s.,;:!)-]*(.*)\\z", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Logger LOG = LoggerFactory.getLogger(Surveys.class);

    private final EntityManagerFactory emf;
    private final Clock clock;
    private final boolean enabled;
    private final String purpose;
    private final Duration valid;
    private final SurveyLinks links;
    private final MinuteWindow window;
    private final Map<String, String> channels;
    private final SurveyFeedback feedback;
    private volatile MessageService messages;

    Surveys(EntityManagerFactory emf, ServiceConfig config, SurveyFeedback feedback, Clock clock) {
        this.emf = emf;
        this.clock = clock;
        this.feedback = feedback;
        this.enabled = config.surveys();
        String p = config.surveyPurpose() == null ? "" : config.surveyPurpose().strip();
        String where = "etc/" + ServiceConfig.PID + ".cfg: ";
        if (p.isEmpty()) {
            throw new IllegalArgumentException(where + "surveyPurpose: name the purpose the consent gate is asked about "
                    + "(service)");
        }
        if (config.surveyDays() < 1 || config.surveyDays() > 365) {
            throw new IllegalArgumentException(where + "surveyDays: " + config.surveyDays() + " is not from 1 to 365");
        }
        if (config.surveyRequestsPerMinute() < 1) {
            throw new IllegalArgumentException(where + "surveyRequestsPerMinute: " + config.surveyRequestsPerMinute()
                    + " allows no request; at least 1");
        }
        this.purpose = p;
        this.valid = Duration.ofDays(config.surveyDays());
        this.links = new SurveyLinks(config.publicUrl(), config.loopbackHttp());
        this.window = new MinuteWindow(config.surveyRequestsPerMinute());
        this.channels = CaseReplies.channels(config.replyChannels());
    }

    /** The outbox came: the {@value #TEMPLATE} template is created in English if it is missing. */
    void bind(MessageService outbox) {
        messages = outbox;
        try {
            if (outbox.template(TEMPLATE, MessageService.DEFAULT_LANGUAGE).isEmpty()) {
                outbox.saveTemplate(new Template(TEMPLATE, MessageService.DEFAULT_LANGUAGE, "How did we do? {{var.subject}}",
                        "Your case \"{{var.subject}}\" is closed. How satisfied are you with our help, from 1 (not at "
                        + "all) to 5 (very)?\n\nReply with a number from 1 to 5 and, if you like, a few words.{{var.link}}\n",
                        null));
            }
        } catch (RuntimeException e) {
            LOG.warn("The template {} could not be created; surveys are not sent until it exists: {}", TEMPLATE,
                    e.getMessage());
        }
    }

    void unbind(MessageService outbox) {
        if (messages == outbox) {
            messages = null;
        }
    }

    /** Counts a request on a survey link from {@code address}; false once it made its share this minute. */
    boolean allow(String address) {
        return window.tryAcquire(address == null ? "unknown" : address, clock.millis());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Case {@code c} was closed: its survey is sent, once, while surveys are on and the outbox is there. */
    void closed(CaseEntity c, String actor) {
        MessageService outbox = messages;
        if (!enabled || outbox == null || c.contactId == null) {
            return;
        }
        Instant now = now();
        SurveyEntity s = Transactions.inTransaction(emf, em -> {
            CaseEntity.locked(em, c.id);
            if (!em.createQuery("select s.id from SurveyEntity s where s.caseId = :c", Long.class)
                    .setParameter("c", c.id).getResultList().isEmpty()) {
                return null;
            }
            SurveyEntity survey = new SurveyEntity(c.id, c.contactId, SurveyLinks.newSecret(), now, now.plus(valid));
            em.persist(survey);
            em.flush();
            return survey;
        });
        if (s == null) {
            return;
        }
        String channel = channels.get(c.channel);
        if (channel == null) {
            settle(s.id, null, "held", "no message channel is configured for " + c.channel + " cases (replyChannels)");
            return;
        }
        String link = links.link(SurveyLinks.token(s.secret, s.id, c.id));
        try {
            Message m = outbox.send(new SendRequest(c.contactId, channel, TEMPLATE, purpose, Map.of("subject", c.subject,
                    "link", link == null ? "" : "\nOr answer here: " + link), REFERENCE_PREFIX + s.id + "-"
                    + SurveyLinks.newSecret().substring(0, 16), null, null, null, null, CaseFiling.KEEPER, c.queue), actor);
            settle(s.id, m.id(), "queued", null);
            outcome(s.id, m.id());
        } catch (RuntimeException e) {
            // The case is closed whatever became of its survey: the thread says why it did not leave.
            settle(s.id, null, "held", e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** What became of survey {@code surveyId}'s message {@code messageId}, from its event. */
    void outcome(long surveyId, long messageId) {
        MessageService outbox = messages;
        Message m = outbox == null ? null : outbox.find(messageId).orElse(null);
        if (m == null) {
            return;
        }
        switch (m.status()) {
            case SENT -> settle(surveyId, messageId, "sent", null);
            case BLOCKED -> settle(surveyId, messageId, "held", m.lastError() == null ? "the consent gate" : m.lastError());
            case FAILED, BOUNCED -> settle(surveyId, messageId, "failed", m.lastError() == null ? m.status().name()
                    : m.lastError());
            default -> {
            }
        }
    }

    /**
     * The survey takes a state: its message once ({@code queued}), then what became of that message,
     * once; the thread says what it was (sent, held back, not delivered).
     */
    private void settle(long surveyId, Long messageId, String state, String reason) {
        Transactions.inTransaction(emf, em -> {
            SurveyEntity s = em.find(SurveyEntity.class, surveyId, LockModeType.PESSIMISTIC_WRITE);
            if (s == null || !"queued".equals(s.state)) {
                return null;
            }
            if ("queued".equals(state)) {
                if (s.messageId == null) {
                    s.messageId = messageId;
                }
                return null;
            }
            if (messageId == null ? s.messageId != null : !messageId.equals(s.messageId)) {
                return null;
            }
            s.state = state;
            s.reason = reason == null ? null : reason.length() <= 500 ? reason : reason.substring(0, 497) + "...";
            em.persist(new CaseEntryEntity(s.caseId, EntryKind.SURVEY, CaseReplies.AUTHOR, switch (state) {
                case "sent" -> "The satisfaction survey was sent (message " + messageId + ").";
                case "held" -> "The satisfaction survey was held back: " + s.reason;
                default -> "The satisfaction survey was not delivered: " + s.reason;
            }, now()));
            return null;
        });
    }

    /** An answer by the survey's link: recorded once, if the token is one this server signed and has not expired. */
    Answer answer(String token, int score, String comment) {
        OptionalLong id = SurveyLinks.survey(token);
        if (id.isEmpty()) {
            return Answer.UNKNOWN;
        }
        return record(id.getAsLong(), score, comment, "link", null, s -> SurveyLinks.valid(token, s.secret, s.id, s.caseId));
    }

    /** Why a token takes no answer now (unknown, answered, expired), or null when it does; records nothing. */
    Answer check(String token) {
        OptionalLong id = SurveyLinks.survey(token);
        if (id.isEmpty()) {
            return Answer.UNKNOWN;
        }
        return Transactions.read(emf, em -> {
            SurveyEntity s = em.find(SurveyEntity.class, id.getAsLong());
            return s == null || !SurveyLinks.valid(token, s.secret, s.id, s.caseId) ? Answer.UNKNOWN
                    : open(s).orElse(null);
        });
    }

    /** The contact of the survey {@code token} is a link of, if this server signed it and the survey is not erased. */
    Optional<Long> contactOf(String token) {
        OptionalLong id = SurveyLinks.survey(token);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(SurveyEntity.class, id.getAsLong()))
                .filter(s -> SurveyLinks.valid(token, s.secret, s.id, s.caseId)).map(s -> s.contactId));
    }

    /**
     * An answer by reply: inbound message {@code inboundId} from {@code contactId} answering one of
     * {@code messageIds}; recorded if one of them is a survey of that contact still open.
     */
    boolean answerByReply(List<Long> messageIds, long contactId, int score, String comment, long inboundId) {
        if (messageIds.isEmpty()) {
            return false;
        }
        Long id = Transactions.read(emf, em -> em.createQuery("select s.id from SurveyEntity s where s.messageId in :ids "
                + "and s.contactId = :contact", Long.class).setParameter("ids", messageIds).setParameter("contact", contactId)
                .getResultList().stream().findFirst().orElse(null));
        return id != null && record(id, score, comment, "reply", inboundId, s -> true) == Answer.ANSWERED;
    }

    /** A score from 1 to 5 and the words after it. */
    record Scored(int score, String comment) {
    }

    /**
     * The answer a reply holds: its first line starts with a score from 1 to 5 ("4", "4/5", "5 of 5,
     * thanks"); what follows, up to the quoted message (a line starting with '>' or ending in
     * "wrote:"), is the comment. Empty when the reply does not start with a score.
     */
    static Optional<Scored> scored(String text) {
        Matcher m = SCORE.matcher(text == null ? "" : text);
        if (!m.find()) {
            return Optional.empty();
        }
        StringBuilder comment = new StringBuilder();
        for (String line : m.group(2).split("\\R", -1)) {
            if (line.startsWith(">") || line.strip().endsWith("wrote:")) {
                break;
            }
            comment.append(line).append('\n');
        }
        return Optional.of(new Scored(Integer.parseInt(m.group(1)), comment.toString().strip()));
    }

    /** Why a survey takes no answer now (answered, expired), or empty when it does. */
    private Optional<Answer> open(SurveyEntity s) {
        if (s.score != null) {
            return Optional.of(Answer.ALREADY_ANSWERED);
        }
        return now().isBefore(s.expiresAt) ? Optional.empty() : Optional.of(Answer.EXPIRED);
    }

    /** What an answer did, with the survey it answered. */
    private record Recorded(Answer answer, SurveyEntity survey) {
    }

    private Answer record(long surveyId, int score, String comment, String via, Long inboundId,
            Predicate<SurveyEntity> genuine) {
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException("score: from 1 to 5, not " + score);
        }
        String words = comment == null ? null : comment.replaceAll("[\\p{Cntrl}&&[^\\t\\n\\r]]", " ").strip();
        String said = words == null || words.isEmpty() ? null : words.length() <= COMMENT ? words
                : words.substring(0, COMMENT - 3) + "...";
        Instant now = now();
        Recorded done = Transactions.inTransaction(emf, em -> {
            SurveyEntity s = em.find(SurveyEntity.class, surveyId, LockModeType.PESSIMISTIC_WRITE);
            if (s == null || !genuine.test(s)) {
                return new Recorded(Answer.UNKNOWN, null);
            }
            Optional<Answer> closed = open(s);
            if (closed.isPresent()) {
                return new Recorded(closed.get(), null);
            }
            s.score = score;
            s.comment = said;
            s.answeredAt = now;
            s.answeredBy = via;
            s.state = "answered";
            CaseEntryEntity e = new CaseEntryEntity(s.caseId, EntryKind.SURVEY, CaseInbound.CUSTOMER, "Satisfaction "
                    + score + " of 5" + (said == null ? "" : ": " + said), now);
            e.inboundId = inboundId;
            em.persist(e);
            em.flush();
            return new Recorded(Answer.ANSWERED, s);
        });
        if (done.answer() == Answer.ANSWERED) {
            CaseEntity c = Transactions.read(emf, em -> em.find(CaseEntity.class, done.survey().caseId));
            feedback.record(done.survey(), c.channel, c.queue);
        }
        return done.answer();
    }

    /** The surveys of a case's contact, for export. */
    static List<SurveyEntity> ofCase(EntityManager em, long caseId) {
        return em.createQuery("select s from SurveyEntity s where s.caseId = :c", SurveyEntity.class)
                .setParameter("c", caseId).getResultList();
    }
}
