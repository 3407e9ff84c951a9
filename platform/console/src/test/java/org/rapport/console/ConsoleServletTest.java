package org.rapport.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import org.junit.Test;

public class ConsoleServletTest {

    @Test
    public void theConsoleRootIsThePage() {
        assertEquals("/index.html", ConsoleServlet.resolve("/"));
        assertEquals("/index.html", ConsoleServlet.resolve(""));
    }

    @Test
    public void assetsAreServedByTheirPath() {
        assertEquals("/assets/console.js", ConsoleServlet.resolve("/assets/console.js"));
        assertEquals("/favicon.svg", ConsoleServlet.resolve("/favicon.svg"));
    }

    @Test
    public void nothingOutsideTheConsoleFolderIsReachable() {
        assertNull(ConsoleServlet.resolve("/../META-INF/MANIFEST.MF"));
        assertNull(ConsoleServlet.resolve("/assets/../../OSGI-INF/x.xml"));
        assertNull(ConsoleServlet.resolve("/assets\\..\\x.js"));
        assertNull(ConsoleServlet.resolve("//etc/passwd"));
    }

    @Test
    public void foldersAndNamesWithoutExtensionAreNotFiles() {
        assertNull(ConsoleServlet.resolve("/assets/"));
        assertNull(ConsoleServlet.resolve("/assets"));
    }

    @Test
    public void thePageMayLoadNothingFromElsewhere() {
        assertEquals(true, ConsoleServlet.POLICY.startsWith("default-src 'self';"));
    }
}
