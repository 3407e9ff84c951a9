/**
 * Contacts with JPA in the platform's database: {@link ContactServiceImpl} (details validated by
 * {@link ContactDetails}, searched by {@link ContactSearch}), {@link InteractionServiceImpl} and
 * {@link InteractionRecorder} (the timeline, fed by the API and Event Admin), and
 * {@link ContactTransferImpl} (CSV import in batches that carry their progress, CSV and JSON export),
 * {@link ContactMergerImpl} (merge and undo), and {@link SegmentServiceImpl} (segments whose conditions
 * are {@link ContactSearch} queries, kept up to date by a watcher of changed contacts, with
 * {@link Rfm} scores and {@link NightlySegments}).
 */
package org.rapport.contacts.impl;
