/**
 * Contacts with JPA in the platform's database: {@link ContactServiceImpl} (details validated by
 * {@link ContactDetails}, searched by {@link ContactSearch}), {@link InteractionServiceImpl} and
 * {@link InteractionRecorder} (the timeline, fed by the API and Event Admin),
 * {@link ContactTransferImpl} (CSV and JSON export; CSV import as jobs of the platform's runner,
 * {@link ContactImports} handing them in and {@link ImportPages} storing their batches with their progress),
 * and {@link ContactMergerImpl} (merge and undo). Other bundles' words join the search through
 * {@link AddedWord}, and their conditions run through {@link ContactServiceImpl} as
 * {@code ContactConditions}.
 */
package org.rapport.contacts.impl;
