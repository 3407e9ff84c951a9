/**
 * One guard for calling plugin code: within a time budget, on threads of the guard's own, counting
 * each plugin's faults in a row and suspending it after so many, until an administrator resumes it;
 * and the policy holding each plugin to its capability manifest ({@link org.rapport.guard.PluginPolicy}).
 */
@Export
@Version("1.3.0")
package org.rapport.guard;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
