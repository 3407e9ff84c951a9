package org.rapport.service.impl;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The hours that count towards a business-hours target: the same opening and closing time on each
 * business day that is not a holiday (a date, or a month and day of every year), in one time zone
 * (so a day's hours follow its daylight saving time).
 */
final class BusinessHours {

    private static final Map<String, DayOfWeek> DAYS = Map.of("mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY,
            "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY, "fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY,
            "sun", DayOfWeek.SUNDAY);

    private final Set<DayOfWeek> days;
    private final LocalTime opens;
    private final LocalTime closes;
    private final ZoneId zone;
    private final Set<LocalDate> holidays;
    private final Set<MonthDay> yearly;

    BusinessHours(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, ZoneId zone) {
        this(days, opens, closes, zone, Set.of(), Set.of());
    }

    BusinessHours(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, ZoneId zone, Set<LocalDate> holidays,
            Set<MonthDay> yearly) {
        this.days = EnumSet.copyOf(days);
        this.opens = opens;
        this.closes = closes;
        this.zone = zone;
        this.holidays = Set.copyOf(holidays);
        this.yearly = Set.copyOf(yearly);
    }

    /**
     * The business hours of the configuration.
     *
     * @throws IllegalArgumentException naming each setting at fault ({@code weekdays}, {@code opens},
     *         {@code closes}, {@code timeZone}, {@code holidays}) in etc/org.rapport.service.cfg
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
        Set<LocalDate> dates = new HashSet<>();
        Set<MonthDay> everyYear = new HashSet<>();
        List<String> bad = new ArrayList<>();
        for (String holiday : CaseInput.list(config.holidays())) {
            try {
                if (holiday.length() == 5) {
                    everyYear.add(MonthDay.parse("--" + holiday));
                } else {
                    dates.add(LocalDate.parse(holiday));
                }
            } catch (DateTimeParseException e) {
                bad.add("'" + holiday + "'");
            }
        }
        if (!bad.isEmpty()) {
            errors.put("holidays", String.join(", ", bad) + (bad.size() == 1 ? " is not a date" : " are not dates")
                    + " (yyyy-mm-dd, or mm-dd for every year)");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("etc/" + ServiceConfig.PID + ".cfg: " + errors);
        }
        return new BusinessHours(days, opens, closes, zone, dates, everyYear);
    }

    private boolean businessDay(LocalDate day) {
        return days.contains(day.getDayOfWeek()) && !holidays.contains(day) && !yearly.contains(MonthDay.from(day));
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
        return plus(start, Duration.ofHours(hours));
    }

    /** The instant {@code span} of business time after {@code start}; {@code start} itself for none. */
    Instant plus(Instant start, Duration span) {
        if (span.isZero() || span.isNegative()) {
            return start;
        }
        Duration left = span;
        ZonedDateTime at = start.atZone(zone);
        LocalDate day = at.toLocalDate();
        // A business day comes within a year and a week, unless every one is a holiday.
        for (int i = 0; i < 400 * (1 + left.toDays()); i++) {
            if (businessDay(day)) {
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
        throw new IllegalStateException("etc/" + ServiceConfig.PID + ".cfg: holidays: no business day in a year");
    }

    /** The business time from {@code start} to {@code end}; zero when {@code end} is not after {@code start}. */
    Duration between(Instant start, Instant end) {
        Duration counted = Duration.ZERO;
        if (!end.isAfter(start)) {
            return counted;
        }
        ZonedDateTime stop = end.atZone(zone);
        for (LocalDate day = start.atZone(zone).toLocalDate(); !day.isAfter(stop.toLocalDate()); day = day.plusDays(1)) {
            if (businessDay(day)) {
                ZonedDateTime open = day.atTime(opens).atZone(zone);
                ZonedDateTime close = day.atTime(closes).atZone(zone);
                Instant from = open.toInstant().isAfter(start) ? open.toInstant() : start;
                Instant to = close.toInstant().isBefore(end) ? close.toInstant() : end;
                if (to.isAfter(from)) {
                    counted = counted.plus(Duration.between(from, to));
                }
            }
        }
        return counted;
    }
}
