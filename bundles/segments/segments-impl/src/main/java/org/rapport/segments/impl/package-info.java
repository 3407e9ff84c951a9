/**
 * Segments with JPA in the platform's database (unit {@code rapport-segments}):
 * {@link SegmentServiceImpl} keeps each segment's members, selected by the contacts' conditions
 * and checked again by a watcher of changed contacts ({@link SegmentWatcher}, {@link Memberships}),
 * with {@link Rfm} scores ({@link RfmScoring}) and {@link NightlySegments}; marketing segments and
 * RFM scores leave out whom the consent gate does not let segments profile ({@link ProfilingFilter}). {@link SegmentWord}
 * and {@link RfmWord} add {@code segment:} and {@code rfm:} to the contact search.
 */
package org.rapport.segments.impl;
