package org.rapport.rest.impl.plugins;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * A KAR's features repository, read without DTDs or external entities: the features it defines
 * and what installing them would make the server do besides. An uploaded KAR may install only
 * what it carries: {@link #refusals} names, at their file and line, a repository it names, a
 * bundle or library it does not carry (the server would fetch it from a Maven repository or a
 * URL), a feature it depends on that is neither its own nor Rapport's (such as the web console),
 * a file it would write into the server's folders and a configuration that is not its bundles'
 * own (a command ACL, the users' realm, Rapport's settings).
 */
final class FeaturesXml {

    /** Configurations no plugin may set, whatever its bundles are called. */
    private static final List<String> SERVERS_OWN = List.of("org.apache.", "org.ops4j.", "org.eclipse.", "org.osgi.",
            "jmx.acl", "org.rapport.");

    /** What one element asks for, and the line of the features file where it says so. */
    record Ask(String kind, String value, int line) {
    }

    /** The features a repository defines, and what else it asks for. */
    record Repository(String entry, List<String> features, List<Ask> asks) {

        /**
         * What installing this repository from the KAR would do that a plugin may not, each as
         * {@code entry:line: why}.
         *
         * @param karEntries the KAR's entries, which its bundles must be among
         * @param karFeatures the features the KAR defines, in any of its repositories
         * @param symbolicNames the KAR's bundles, whose configurations it may set
         */
        List<String> refusals(Set<String> karEntries, Set<String> karFeatures, Set<String> symbolicNames) {
            List<String> refusals = new ArrayList<>();
            for (Ask ask : asks) {
                String at = entry + ":" + ask.line() + ": ";
                switch (ask.kind()) {
                    case "repository" -> refusals.add(at + "names the features repository " + ask.value()
                            + ", which the server would fetch; a KAR uploaded here carries everything it installs");
                    case "bundle" -> {
                        if (!karEntries.contains(entryOf(ask.value()))) {
                            refusals.add(at + "the bundle " + ask.value() + " is not in the KAR, and the server would "
                                    + "fetch it; a KAR uploaded here carries every bundle it installs, as mvn: coordinates "
                                    + "of its own repository/ entries");
                        }
                    }
                    case "library" -> refusals.add(at + "the library " + ask.value() + " would go into the server's own "
                            + "folders; a plugin ships bundles");
                    case "configfile" -> refusals.add(at + "writes the file " + ask.value() + " into the server's folders;"
                            + " a plugin sets its own configuration with <config>");
                    case "config" -> {
                        if (!ownConfiguration(ask.value(), symbolicNames)) {
                            refusals.add(at + "sets the configuration " + ask.value() + ", which is not the plugin's own: "
                                    + "a KAR uploaded here configures only its bundles (PIDs that start with their "
                                    + "symbolic names), never the server's or Rapport's");
                        }
                    }
                    case "feature" -> {
                        if (!karFeatures.contains(ask.value()) && !ask.value().startsWith("rapport-")) {
                            refusals.add(at + "depends on the feature " + ask.value() + ", which is neither the KAR's "
                                    + "own nor Rapport's (rapport-...)");
                        }
                    }
                    default -> throw new IllegalStateException(ask.kind());
                }
            }
            return refusals;
        }
    }

    private FeaturesXml() {
    }

    /** The repository {@code entry}; with no features when the XML is not a features repository. */
    static Repository read(String entry, byte[] xml) {
        try {
            Element root = parser().parse(new ByteArrayInputStream(xml)).getDocumentElement();
            List<String> names = new ArrayList<>();
            List<Ask> asks = new ArrayList<>();
            if ("features".equals(root.getLocalName())) {
                String text = new String(xml, StandardCharsets.UTF_8);
                for (Element child : children(root)) {
                    if ("feature".equals(child.getLocalName())) {
                        names.add(child.getAttribute("name"));
                    }
                    collect(child, text, asks, true);
                }
            }
            return new Repository(entry, names, asks);
        } catch (SAXParseException e) {
            throw new IllegalArgumentException(entry + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + " is not "
                    + "well-formed XML: " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException(entry + " cannot be read as XML: " + e.getMessage());
        }
    }

    /** What an element and those inside it (a feature's conditionals too) ask for. */
    private static void collect(Element element, String text, List<Ask> asks, boolean top) {
        String name = element.getLocalName();
        String value = element.getTextContent().strip();
        switch (name) {
            case "repository", "bundle", "library" -> asks.add(new Ask(name, value, line(text, value)));
            case "configfile" -> asks.add(new Ask(name, element.getAttribute("finalname"),
                    line(text, element.getAttribute("finalname"))));
            case "config" -> asks.add(new Ask(name, element.getAttribute("name"), line(text, element.getAttribute("name"))));
            case "feature" -> {
                if (!top) {
                    asks.add(new Ask(name, value, line(text, ">" + value + "<")));
                }
            }
            default -> {
                // descriptions, capabilities, requirements: nothing the server fetches or writes
            }
        }
        if (top || !"feature".equals(name)) {
            children(element).forEach(child -> collect(child, text, asks, false));
        }
    }

    private static List<Element> children(Element parent) {
        List<Element> children = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                children.add((Element) nodes.item(i));
            }
        }
        return children;
    }

    /** The line of the file where {@code value} first appears (the DOM keeps no lines). */
    private static int line(String text, String value) {
        int at = value.isEmpty() ? -1 : text.indexOf(value);
        return at < 0 ? 1 : (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    /** The KAR entry a {@code mvn:group/artifact/version[/type[/classifier]]} location names, or "" for another kind of location. */
    static String entryOf(String location) {
        if (!location.startsWith("mvn:")) {
            return "";
        }
        String[] parts = location.substring(4).split("/", -1);
        if (parts.length < 3 || parts.length > 5 || List.of(parts).stream().anyMatch(p -> p.isEmpty() || p.contains(".."))) {
            return "";
        }
        String type = parts.length > 3 ? parts[3] : "jar";
        String classifier = parts.length > 4 ? "-" + parts[4] : "";
        return "repository/" + parts[0].replace('.', '/') + "/" + parts[1] + "/" + parts[2] + "/" + parts[1] + "-" + parts[2]
                + classifier + "." + type;
    }

    private static boolean ownConfiguration(String pid, Set<String> symbolicNames) {
        return SERVERS_OWN.stream().noneMatch(pid::startsWith)
                && symbolicNames.stream().anyMatch(name -> pid.equals(name) || pid.startsWith(name + "."));
    }

    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // Fatal errors are thrown, not printed.
            builder.setErrorHandler(new DefaultHandler());
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the XML parser cannot be made safe", e);
        }
    }
}
