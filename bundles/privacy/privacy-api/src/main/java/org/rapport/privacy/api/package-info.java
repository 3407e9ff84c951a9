/**
 * Privacy as other bundles and plugins see it: consent per contact, purpose and channel with its
 * full history ({@link org.rapport.privacy.api.ConsentService}), and the one gate that every
 * outbound communication and profiling action asks when it executes
 * ({@link org.rapport.privacy.api.ConsentGate}); erasure and export across every bundle that keeps
 * personal data ({@link org.rapport.privacy.api.ErasureService}, which calls each registered
 * {@link org.rapport.privacy.api.ErasureParticipant}).
 */
@Export
@Version("2.0.0")
package org.rapport.privacy.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
