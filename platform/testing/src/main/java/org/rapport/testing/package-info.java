/**
 * Support for tests that run outside the container: against real persistence units
 * ({@link org.rapport.testing.TestPersistence}: a fresh database per test, the units deployed once
 * per JVM), with a clock they move
 * ({@link org.rapport.testing.MutableClock}), and against distributions started as servers
 * ({@link org.rapport.testing.ServerNode}), for tests and benchmarks of several nodes, and on
 * pools of connections as the distribution has them ({@link org.rapport.testing.ConnectionPools}); for
 * shell commands, whether their arguments complete ({@link org.rapport.testing.ShellCompletions})
 * and a user's session to complete in ({@link org.rapport.testing.ShellSessions}); and a real OSGi
 * framework for code that reads bundles ({@link org.rapport.testing.OsgiFramework}).
 */
package org.rapport.testing;
