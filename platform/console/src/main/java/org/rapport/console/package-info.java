/**
 * The web console: {@link org.rapport.console.ConsoleServlet} serves the front end built from
 * {@code src/main/web} (CodeMirror for the rule editor, Chart.js for dashboards, bundled by esbuild
 * in the Maven build) at {@code /console/}. It exports nothing; the console talks to the
 * REST API only.
 */
package org.rapport.console;
