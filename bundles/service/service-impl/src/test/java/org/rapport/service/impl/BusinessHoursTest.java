package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.Test;

/** Business hours across holidays (dates and days of every year) and both changes of daylight saving time in Berlin. */
public class BusinessHoursTest {

    private static BusinessHours berlin(String... holidays) {
        Map<String, Object> settings = new HashMap<>(ServiceFixture.berlin());
        settings.put("holidays", holidays);
        return BusinessHours.of(ServiceFixture.config(settings));
    }

    @Test
    public void holidaysAndDaylightSavingTimeAreLeftOutOfTheCountInBothDirections() {
        BusinessHours easter = berlin("2026-04-03, 2026-04-06", "12-25");
        // Thursday 2 April 2026, 16:00 CEST: an hour on Thursday, then Good Friday, the weekend and Easter Monday.
        assertEquals(Instant.parse("2026-04-07T14:00:00Z"), easter.plus(Instant.parse("2026-04-02T14:00:00Z"), 8));
        assertEquals("without the holidays", Instant.parse("2026-04-03T14:00:00Z"),
                berlin().plus(Instant.parse("2026-04-02T14:00:00Z"), 8));
        // Thursday 24 December, 16:00 CET: Christmas Day, of every year, is no business day.
        assertEquals(Instant.parse("2026-12-28T09:00:00Z"), easter.plus(Instant.parse("2026-12-24T15:00:00Z"), 2));
        assertEquals(Instant.parse("2027-12-27T09:00:00Z"), easter.plus(Instant.parse("2027-12-24T15:00:00Z"), 2));
        assertEquals(Duration.ofHours(8 + 1), easter.between(Instant.parse("2026-04-02T07:00:00Z"),
                Instant.parse("2026-04-07T08:00:00Z")));

        // Friday 27 March 16:00 CET to Monday 30 March 10:00 CEST: one hour each side of the clocks going forward.
        assertEquals(Duration.ofHours(2), easter.between(Instant.parse("2026-03-27T15:00:00Z"),
                Instant.parse("2026-03-30T08:00:00Z")));
        // Friday 23 October 16:00 CEST to Monday 26 October 10:00 CET: and going back.
        assertEquals(Duration.ofHours(2), easter.between(Instant.parse("2026-10-23T14:00:00Z"),
                Instant.parse("2026-10-26T09:00:00Z")));
        assertEquals(Instant.parse("2026-10-26T09:00:00Z"), easter.plus(Instant.parse("2026-10-23T14:00:00Z"),
                Duration.ofHours(2)));
        assertEquals("a night counts nothing", Duration.ZERO, easter.between(Instant.parse("2026-10-26T17:00:00Z"),
                Instant.parse("2026-10-27T07:00:00Z")));
        assertEquals(Duration.ZERO, easter.between(Instant.parse("2026-10-27T10:00:00Z"),
                Instant.parse("2026-10-27T09:00:00Z")));
        assertEquals("nothing to add leaves the time where it is", Instant.parse("2026-10-23T15:00:00Z"),
                easter.plus(Instant.parse("2026-10-23T15:00:00Z"), Duration.ZERO));
    }

    @Test
    public void badHolidaysAreRefusedNamingTheSetting() {
        assertEquals("etc/org.rapport.service.cfg: {holidays='2026-02-30', 'xmas' are not dates (yyyy-mm-dd, or mm-dd "
                + "for every year)}", assertThrows(IllegalArgumentException.class,
                        () -> berlin("2026-02-30, 12-25, xmas")).getMessage());
        assertEquals("etc/org.rapport.service.cfg: {holidays='13-01' is not a date (yyyy-mm-dd, or mm-dd for every "
                + "year)}", assertThrows(IllegalArgumentException.class, () -> berlin("13-01")).getMessage());
    }
}
