/**
 * One guard for calling plugin code: within a time budget, on threads of the guard's own, counting
 * each plugin's faults in a row and suspending it after so many, until an administrator resumes it.
 */
@Export
@Version("1.0.0")
package org.rapport.guard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
