/**
 * Segments: saved groups of contacts, selected by a condition in the contact search's language and
 * kept up to date as contacts change ({@link org.rapport.segments.api.SegmentService}), with each
 * buyer's RFM scores ({@link org.rapport.segments.api.RfmScore}).
 */
@Export
@Version("1.3.0")
package org.rapport.segments.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
