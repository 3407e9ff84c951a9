package org.rapport.service.impl;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The hours that count towards a business-hours target: the same opening and closing time on each
 * business day, in one time zone (so a day's hours follow its daylight saving time).
 */
final class BusinessHours {

    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);

    private final Set<DayOfWeek> days;
    private final LocalTime opens;
    private final LocalTime closes;
    private final ZoneId zone;

    BusinessHours(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, ZoneId zone) {
        this.days = EnumSet.copyOf(days);
        this.opens = opens;
        this.closes = closes;
        this.zone = zone;
    }

    /**
     * The business hours of the configuration.
     *
     * @throws IllegalArgumentException naming each setting at fault ({@code weekdays}, {@code opens},
     *         {@code closes}, {@code timeZone}) in etc/org.rapport.service.cfg
     */
    static BusinessHours of(ServiceConfig config) {
        Map<String, String> errors = new LinkedHashMap<>();
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : CaseInput.list(config.weekdays())) {
            DayOfWeek d = DAYS.get(day.toLowerCase(Locale.ROOT));
            if (d == null) {
                errors.put("weekdays", "'" + day + "' is not one of mon, tue, wed, thu, fri, sat, sun");
            } else {
                days.add(d);
            }
        }
        if (days.isEmpty() && !errors.containsKey("weekdays")) {
            errors.put("weekdays", "name at least one day");
        }
        LocalTime opens = time("opens", config.opens(), errors);
        LocalTime closes = time("closes", config.closes(), errors);
        if (opens != null && closes != null && !closes.isAfter(opens)) {
            errors.put("closes", config.closes() + " is not after the opening time " + config.opens());
        }
        ZoneId zone = null;
        try {
            zone = ZoneId.of(config.timeZone().strip());
        } catch (RuntimeException e) {
            errors.put("timeZone", "'" + config.timeZone() + "' is not a time zone (Europe/Berlin, UTC)");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("etc/" + ServiceConfig.PID + ".cfg: " + errors);
        }
        return new BusinessHours(days, opens, closes, zone);
    }

    private static LocalTime time(String name, String value, Map<String, String> errors) {
        try {
            return LocalTime.parse(value.strip());
        } catch (DateTimeParseException | NullPointerException e) {
            errors.put(name, "'" + value + "' is not a time of day HH:mm");
            return null;
        }
    }

    /** The instant {@code hours} business hours after {@code start} (a start outside them counts from the next opening). */
    Instant plus(Instant start, long hours) {
        Duration left = Duration.ofHours(hours);
        ZonedDateTime at = start.atZone(zone);
        LocalDate day = at.toLocalDate();
        while (true) {
            if (days.contains(day.getDayOfWeek())) {
                ZonedDateTime open = day.atTime(opens).atZone(zone);
                ZonedDateTime close = day.atTime(closes).atZone(zone);
                ZonedDateTime from = at.isAfter(open) ? at : open;
                if (from.isBefore(close)) {
                    Duration today = Duration.between(from, close);
                    if (today.compareTo(left) >= 0) {
                        return from.plus(left).toInstant();
                    }
                    left = left.minus(today);
                }
            }
            day = day.plusDays(1);
            at = day.atStartOfDay(zone);
        }
    }
}
