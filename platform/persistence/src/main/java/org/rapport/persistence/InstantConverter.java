package org.rapport.persistence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import javax.persistence.AttributeConverter;
import javax.persistence.Converter;

/**
 * Stores {@link Instant} attributes as SQL timestamps holding UTC wall-clock time. JPA 2.2 maps
 * {@code java.time.LocalDateTime} but not {@code Instant} (EclipseLink would serialize it into a
 * BLOB that cannot be compared in queries), and UTC keeps stored times independent of the
 * server's time zone. List it as a {@code <class>} in each persistence unit that has instants.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, LocalDateTime> {

    @Override
    public LocalDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @Override
    public Instant convertToEntityAttribute(LocalDateTime utc) {
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }
}
