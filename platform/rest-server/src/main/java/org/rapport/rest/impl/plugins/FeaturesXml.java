package org.rapport.rest.impl.plugins;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

/** The names of the features a KAR's features repository defines, read without DTDs or external entities. */
final class FeaturesXml {

    private FeaturesXml() {
    }

    /** The features of the repository {@code entry}; none when the XML is not a features repository. */
    static List<String> featureNames(String entry, byte[] xml) {
        try {
            Element root = parser().parse(new ByteArrayInputStream(xml)).getDocumentElement();
            List<String> names = new ArrayList<>();
            if (!"features".equals(root.getLocalName())) {
                return names;
            }
            NodeList features = root.getChildNodes();
            for (int i = 0; i < features.getLength(); i++) {
                if (features.item(i) instanceof Element feature && "feature".equals(feature.getLocalName())) {
                    names.add(feature.getAttribute("name"));
                }
            }
            return names;
        } catch (SAXParseException e) {
            throw new IllegalArgumentException(entry + ":" + e.getLineNumber() + ":" + e.getColumnNumber() + " is not "
                    + "well-formed XML: " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException(entry + " cannot be read as XML: " + e.getMessage());
        }
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
