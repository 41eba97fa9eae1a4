package org.flowstream.common.xml;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.apache.xmlrpc.util.SAXParsers;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXNotRecognizedException;
import org.xml.sax.SAXNotSupportedException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * XML parsing that hostile input cannot abuse. XML-RPC never needs a document type declaration, so any
 * DOCTYPE is refused outright: that closes external entities (reading local files, XXE), entity expansion
 * (billion laughs) and external DTD fetches in one step. Secure processing also bounds what remains.
 */
public final class HardenedXml {

    private static final SAXParserFactory FACTORY = newFactory();

    /** Turns parse errors into exceptions for the caller, instead of the parser printing them to stderr. */
    private static final ErrorHandler RAISE_ERRORS = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXParseException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
            throw e;
        }
    };

    private HardenedXml() {}

    private static SAXParserFactory newFactory() {
        SAXParserFactory factory = SAXParserFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setValidating(false);
        factory.setXIncludeAware(false);
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        } catch (ParserConfigurationException | SAXNotRecognizedException | SAXNotSupportedException e) {
            throw new IllegalStateException("this JDK's XML parser cannot be hardened: " + e.getMessage(), e);
        }
        return factory;
    }

    /**
     * Creating a parser costs more than parsing a small request, so each server thread keeps one: a SAX
     * reader is reusable once a parse has ended, and a thread parses one request at a time.
     */
    private static final ThreadLocal<XMLReader> PER_THREAD = ThreadLocal.withInitial(HardenedXml::newReader);

    /** This thread's hardened reader; the caller sets its content handler for each parse. */
    public static XMLReader reader() {
        return PER_THREAD.get();
    }

    public static XMLReader newReader() {
        try {
            XMLReader reader = FACTORY.newSAXParser().getXMLReader();
            reader.setErrorHandler(RAISE_ERRORS);
            return reader;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create an XML reader: " + e.getMessage(), e);
        }
    }

    /** Makes Apache XML-RPC's own parsing (its client reads responses with it) use the hardened factory. */
    public static void installForApacheXmlRpc() {
        SAXParsers.setSAXParserFactory(FACTORY);
    }
}
