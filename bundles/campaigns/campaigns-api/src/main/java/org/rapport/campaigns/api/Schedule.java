package org.rapport.campaigns.api;

/**
 * When a recurring campaign sends: every day, or every week on a day, at a time of day in a time
 * zone. Each occurrence sends to the segment's members as they are then, each at most once.
 *
 * @param every {@code daily} or {@code weekly}
 * @param day for {@code weekly}, the day of the week ({@code monday} … {@code sunday}); null for {@code daily}
 * @param at the time of day, {@code HH:mm} (24 hours)
 * @param timeZone the IANA time zone the time is in ({@code Europe/Paris})
 */
public record Schedule(String every, String day, String at, String timeZone) {

    public static final String DAILY = "daily";
    public static final String WEEKLY = "weekly";
}
