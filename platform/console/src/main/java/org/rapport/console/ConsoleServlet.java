package org.rapport.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Serves the console's files from this bundle at {@value #PATH}: the page itself for
 * {@code /console/}, and its scripts, styles and images under {@code /console/assets/}. The
 * files hold no data; everything the console shows it asks of the REST API with the signed-in
 * person's credentials. The page may load nothing from elsewhere (a Content Security Policy of
 * {@code 'self'}), so the console works without internet access.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=" + ConsoleServlet.PATH + "/*",
    "osgi.http.whiteboard.servlet.name=rapport-console"})
public class ConsoleServlet extends HttpServlet {

    public static final String PATH = "/console";

    private static final long serialVersionUID = 1L;
    private static final String ROOT = "console";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "map", "application/json",
            "txt", "text/plain; charset=UTF-8");
    static final String POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final transient Bundle bundle;

    @Activate
    public ConsoleServlet(BundleContext context) {
        this.bundle = context.getBundle();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            // "/console" without the slash: the page's relative links need it.
            response.sendRedirect(request.getContextPath() + PATH + "/");
            return;
        }
        String file = resolve(path);
        URL entry = file == null ? null : bundle.getEntry(ROOT + file);
        if (entry == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        String extension = file.substring(file.lastIndexOf('.') + 1);
        response.setContentType(TYPES.getOrDefault(extension, "application/octet-stream"));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (file.equals("/index.html")) {
            response.setHeader("Content-Security-Policy", POLICY);
            response.setHeader("X-Frame-Options", "DENY");
            response.setHeader("Cache-Control", "no-cache");
        } else {
            // Assets change with each build of the bundle; the page is checked each time.
            response.setHeader("Cache-Control", "no-cache");
        }
        try (InputStream in = entry.openStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    /**
     * The bundle entry under {@value #ROOT} a request path names, or null for one that tries to
     * leave it or names no file.
     */
    static String resolve(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return "/index.html";
        }
        if (!path.startsWith("/") || path.contains("..") || path.contains("\\") || path.contains("//")
                || path.endsWith("/") || path.indexOf('.', path.lastIndexOf('/')) < 0) {
            return null;
        }
        return path;
    }
}
