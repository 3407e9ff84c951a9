package org.rapport.campaigns.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.NewCampaign;
import org.rapport.campaigns.api.Variant;
import org.rapport.communication.api.ChannelInfo;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.Template;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.privacy.api.ConsentService;
import org.rapport.segments.api.SegmentService;

/**
 * A campaign's definition checked field by field against what exists: the segment, the purposes
 * consent is recorded for, the registered channels and the stored templates. Every field at fault
 * is named at once.
 */
final class CampaignInput {

    static final int MAX_VARIANTS = 5;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");
    private static final Pattern LINK = Pattern.compile("\\{\\{\\s*var\\." + CampaignService.UNSUBSCRIBE_VARIABLE
            + "\\s*(\\|[^}]*)?}}");
    private static final Pattern OFFER = Pattern.compile("\\{\\{\\s*offer\\.");

    /** A definition that passed every check, its names in lower case. */
    record Checked(String name, String segment, String purpose, String channel, List<Variant> variants, Instant startAt,
            int ratePerMinute, String recurrence, String condition) {
    }

    /** The longest condition, as a segment's. */
    static final int MAX_CONDITION = 2000;

    private final SegmentService segments;
    private final MessageService messages;
    private final ConsentService consent;
    /** Whether the offers capability is there to decide best offers. */
    private final BooleanSupplier offers;
    /** The administrator's highest rate, messages a minute. */
    private final IntSupplier maxRate;

    CampaignInput(SegmentService segments, MessageService messages, ConsentService consent, BooleanSupplier offers,
            IntSupplier maxRate) {
        this.segments = segments;
        this.messages = messages;
        this.consent = consent;
        this.offers = offers;
        this.maxRate = maxRate;
    }

    /** @throws ContactValidationException naming each field at fault */
    Checked check(NewCampaign in, Instant now) {
        if (in == null) {
            throw new ContactValidationException(Map.of("body", "a campaign: {\"name\", \"segment\" or \"condition\", \"purpose\", "
                    + "\"channel\", \"variants\", \"startAt\", \"ratePerMinute\"}"));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String name = lower(in.name());
        if (name == null || !NAME.matcher(name).matches()) {
            errors.put("name", "a name is 1 to 60 lower-case letters, digits and '-', not " + quoted(in.name()));
        }
        String segment = lower(in.segment());
        String condition = condition(in, segment, errors);
        if (segment == null && condition == null && !errors.containsKey("condition")) {
            errors.put("segment", "the name of a segment, or a condition, is required");
        } else if (segment != null && segments.find(segment).isEmpty()) {
            errors.put("segment", "there is no segment '" + segment + "'");
        }
        String purpose = lower(in.purpose());
        if (purpose == null || !consent.purposes().contains(purpose)) {
            errors.put("purpose", "one of " + String.join(", ", consent.purposes()) + ", not " + quoted(in.purpose()));
        }
        String channel = lower(in.channel());
        Optional<ChannelInfo> info = messages.channels().stream()
                .filter(c -> c.registered() && c.name().equals(channel)).findFirst();
        if (info.isEmpty()) {
            errors.put("channel", "one of the registered channels " + String.join(", ", messages.channels().stream()
                    .filter(ChannelInfo::registered).map(ChannelInfo::name).toList()) + ", not " + quoted(in.channel()));
        }
        List<Variant> variants = variants(in.variants(), errors);
        if (in.startAt() != null && in.startAt().isBefore(now)) {
            errors.put("startAt", "the start " + in.startAt() + " is in the past; leave it out to start at launch");
        }
        Integer rate = in.ratePerMinute();
        int max = maxRate.getAsInt();
        if (rate == null || rate < 1 || rate > max) {
            errors.put("ratePerMinute", "messages a minute, 1 to " + max + " (the administrator's maxRatePerMinute in "
                    + CampaignsConfig.PID + "), not " + rate);
        }
        String recurrence = in.schedule() == null ? null : Occurrences.check(in.schedule(), errors);
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        return new Checked(name, segment, purpose, channel, variants, in.startAt(), rate, recurrence, condition);
    }

    /** A one-off audience's condition, checked as segments read it; null when there is none. */
    private String condition(NewCampaign in, String segment, Map<String, String> errors) {
        String condition = in.condition() == null || in.condition().isBlank() ? null : in.condition().strip();
        if (condition == null) {
            return null;
        }
        if (segment != null) {
            errors.put("condition", "either a segment or a condition, not both");
        } else if (in.schedule() != null) {
            errors.put("condition", "a recurring campaign names a segment: each occurrence reaches it as it is then");
        } else if (condition.length() > MAX_CONDITION) {
            errors.put("condition", "is longer than " + MAX_CONDITION + " characters");
        } else {
            try {
                segments.preview(condition, 0);
            } catch (ContactValidationException e) {
                errors.put("condition", e.fieldErrors().getOrDefault("condition", e.getMessage()));
            }
        }
        return condition;
    }

    private List<Variant> variants(List<Variant> given, Map<String, String> errors) {
        if (given == null || given.isEmpty() || given.size() > MAX_VARIANTS) {
            errors.put("variants", "1 to " + MAX_VARIANTS + " template variants, each {\"template\", \"share\"}");
            return List.of();
        }
        List<Variant> variants = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            Variant v = given.get(i);
            String field = "variants[" + i + "]";
            String code = v == null ? null : lower(v.template());
            if (code == null) {
                errors.put(field + ".template", "a template's code is required");
                continue;
            }
            if (!seen.add(code)) {
                errors.put(field + ".template", "template '" + code + "' is named twice");
            }
            template(field + ".template", code, v.bestOffer(), errors);
            if (v.share() < 1 || v.share() > 100) {
                errors.put(field + ".share", "a share is 1 to 100, not " + v.share());
            }
            String fallback = lower(v.fallback());
            if (v.bestOffer() && !offers.getAsBoolean()) {
                errors.put(field + ".bestOffer", "the offers capability (feature rapport-offers) is not running here");
            }
            if (fallback != null && !v.bestOffer()) {
                errors.put(field + ".fallback", "a fallback is for a best-offer variant (bestOffer true) only");
            } else if (fallback != null) {
                template(field + ".fallback", fallback, false, errors);
            }
            variants.add(new Variant(code, v.share(), v.bestOffer(), fallback));
        }
        return variants;
    }

    /**
     * Checks that the template exists, has the unsubscribe link in each language, and shows an offer
     * ({@code {{offer.x}}}) only when it is a best-offer variant's.
     */
    private void template(String field, String code, boolean bestOffer, Map<String, String> errors) {
        List<Template> texts = messages.templates().stream().filter(t -> t.code().equals(code)).toList();
        if (texts.isEmpty()) {
            errors.put(field, "there is no template '" + code + "'");
        }
        for (Template t : texts) {
            if (!LINK.matcher(t.body()).find()) {
                errors.put(field, "template '" + code + "' (" + t.language() + ") has no {{var."
                        + CampaignService.UNSUBSCRIBE_VARIABLE + "}} for the unsubscribe link");
                return;
            }
            boolean showsOffer = Stream.of(t.subject(), t.body(), t.html()).anyMatch(x -> x != null && OFFER.matcher(x).find());
            if (showsOffer && !bestOffer) {
                errors.put(field, "template '" + code + "' (" + t.language() + ") shows {{offer.…}}: only a best-offer "
                        + "variant's template may (bestOffer true; a fallback shows none)");
                return;
            }
        }
    }

    private static String lower(String text) {
        return text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    private static String quoted(String text) {
        return text == null ? "nothing" : "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
    }
}
