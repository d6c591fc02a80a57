package io.github.cdcbundle.testkit.iam;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.NodeList;

/** The keys a DeleteObjects request body ({@code <Delete><Object><Key>…}) names. */
final class DeleteObjectsKeys {
    private DeleteObjectsKeys() {
    }

    static List<String> parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // A request body is untrusted input: no DTDs, no external entities.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setNamespaceAware(true);
            NodeList keys = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml))
                    .getElementsByTagNameNS("*", "Key");
            List<String> out = new ArrayList<>(keys.getLength());
            for (int i = 0; i < keys.getLength(); i++) {
                out.add(keys.item(i).getTextContent());
            }
            return out;
        } catch (Exception e) {
            throw new IllegalArgumentException("DeleteObjects body is not the XML S3 expects: " + e.getMessage(), e);
        }
    }
}
