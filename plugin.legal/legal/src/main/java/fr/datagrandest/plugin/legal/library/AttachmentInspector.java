package fr.datagrandest.plugin.legal.library;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.text.PDFTextStripper;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks that an uploaded file is what its extension says and extracts its text: PDF through PDFBox, DOCX and
 * ODT by reading their XML (no DTD, no external entity), Markdown as UTF-8 text. Everything that is not right
 * is an {@link UploadRefused} with a status and a message for the user; nothing is stored by this class.
 */
public final class AttachmentInspector {

    /** What the inspection found. */
    public record Inspected(String mediaType, String extension, String text, int pages) {
    }

    private static final int MAX_ZIP_ENTRIES = 2_000;
    private static final int MAX_COMPRESSION_RATIO = 200;
    private final long maxUncompressedBytes;

    public AttachmentInspector(long maxUncompressedBytes) {
        this.maxUncompressedBytes = maxUncompressedBytes;
    }

    public static String extension(String filename) {
        int dot = filename == null ? -1 : filename.lastIndexOf('.');
        return dot < 0 ? "" : filename.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    public Inspected inspect(Path file, String filename) throws UploadRefused, IOException {
        String extension = extension(filename);
        byte[] head = new byte[8];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read == 0) {
            throw new UploadRefused(422, "the file '" + filename + "' is empty");
        }
        boolean zip = read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        boolean pdf = read >= 5 && new String(head, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-");
        return switch (extension) {
            case "pdf" -> {
                if (!pdf) {
                    throw new UploadRefused(422, "'" + filename + "' is not a PDF file: it does not start with %PDF-");
                }
                yield pdf(file, filename);
            }
            case "docx" -> {
                if (!zip) {
                    throw new UploadRefused(422, "'" + filename + "' is not a DOCX file: a DOCX file is a ZIP package");
                }
                yield office(file, filename, "docx");
            }
            case "odt" -> {
                if (!zip) {
                    throw new UploadRefused(422, "'" + filename + "' is not an ODT file: an ODT file is a ZIP package");
                }
                yield office(file, filename, "odt");
            }
            case "md", "markdown" -> {
                if (zip || pdf) {
                    throw new UploadRefused(422, "'" + filename + "' is not a Markdown text file: it is a " + (pdf ? "PDF" : "ZIP") + " file");
                }
                yield markdown(file, filename);
            }
            default -> throw new UploadRefused(415, "attachments must be PDF, DOCX, ODT or Markdown (.pdf, .docx, .odt, .md); '"
                    + filename + "' is not");
        };
    }

    private Inspected pdf(Path file, String filename) throws UploadRefused {
        try (PDDocument document = Loader.loadPDF(file.toFile())) {
            if (document.isEncrypted()) {
                throw new UploadRefused(422, "'" + filename + "' is an encrypted PDF; upload it without encryption so that it can be read and searched");
            }
            PDFTextStripper stripper = new PDFTextStripper();
            String text = stripper.getText(document);
            return new Inspected("application/pdf", "pdf", text, document.getNumberOfPages());
        } catch (InvalidPasswordException e) {
            throw new UploadRefused(422, "'" + filename + "' is an encrypted, password-protected PDF; upload it without encryption or password");
        } catch (IOException | RuntimeException e) {
            throw new UploadRefused(422, "'" + filename + "' is a damaged PDF that cannot be read: " + shortMessage(e));
        }
    }

    private Inspected office(Path file, String filename, String kind) throws UploadRefused, IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > MAX_ZIP_ENTRIES) {
                throw new UploadRefused(422, "'" + filename + "' has " + zip.size() + " parts; at most " + MAX_ZIP_ENTRIES + " are accepted");
            }
            if (kind.equals("odt")) {
                ZipEntry mimetype = zip.getEntry("mimetype");
                String declared = mimetype == null ? "" : new String(readLimited(zip, mimetype, 200, filename), StandardCharsets.US_ASCII).trim();
                if (!declared.equals("application/vnd.oasis.opendocument.text")) {
                    throw new UploadRefused(422, "'" + filename + "' is not an OpenDocument text: its mimetype entry is '" + declared + "'");
                }
            }
            String xmlPart = kind.equals("docx") ? "word/document.xml" : "content.xml";
            ZipEntry part = zip.getEntry(xmlPart);
            if (part == null || (kind.equals("docx") && zip.getEntry("[Content_Types].xml") == null)) {
                throw new UploadRefused(422, "'" + filename + "' is a ZIP file but not a " + kind.toUpperCase(Locale.ROOT) + " document (no " + xmlPart + ")");
            }
            // Every entry is inflated under a budget, so a zip bomb is stopped without filling the disk or memory.
            long total = 0;
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory()) {
                    total += inflatedSize(zip, entry, maxUncompressedBytes - total, filename);
                }
            }
            byte[] xml = readLimited(zip, part, maxUncompressedBytes, filename);
            String text = kind.equals("docx") ? xmlText(xml, "w:t", "w:p", "w:tab", "w:br", filename)
                    : xmlText(xml, "text:span|text:p|text:h|text:a", "text:p|text:h", "text:tab", "text:line-break", filename);
            String mediaType = kind.equals("docx") ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    : "application/vnd.oasis.opendocument.text";
            return new Inspected(mediaType, kind, text, Math.max(1, text.length() / 3000 + 1));
        } catch (java.util.zip.ZipException e) {
            throw new UploadRefused(422, "'" + filename + "' is a damaged ZIP package: " + shortMessage(e));
        }
    }

    private long inflatedSize(ZipFile zip, ZipEntry entry, long budget, String filename) throws UploadRefused, IOException {
        long count = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = zip.getInputStream(entry)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                count += n;
                if (count > budget) {
                    throw new UploadRefused(422, "'" + filename + "' expands to more than " + maxUncompressedBytes / (1024 * 1024)
                            + " MiB when unpacked (a zip bomb?); refused");
                }
                long compressed = Math.max(entry.getCompressedSize(), 1);
                if (count > 1024 * 1024 && count / compressed > MAX_COMPRESSION_RATIO) {
                    throw new UploadRefused(422, "'" + filename + "' has a part compressed more than " + MAX_COMPRESSION_RATIO
                            + " times (a zip bomb?); refused");
                }
            }
        }
        return count;
    }

    private byte[] readLimited(ZipFile zip, ZipEntry entry, long limit, String filename) throws UploadRefused, IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 16));
            if (bytes.length > limit) {
                throw new UploadRefused(422, "'" + filename + "' has a part larger than " + limit + " bytes; refused");
            }
            return bytes;
        }
    }

    /** The text inside the given elements; paragraphs end with a line break. DTDs and entities are refused. */
    static String xmlText(byte[] xml, String textElements, String paragraphElements, String tab, String lineBreak, String filename)
            throws UploadRefused {
        StringBuilder out = new StringBuilder();
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser parser = factory.newSAXParser();
            java.util.Set<String> texts = java.util.Set.of(textElements.split("\\|"));
            java.util.Set<String> paragraphs = java.util.Set.of(paragraphElements.split("\\|"));
            parser.parse(new java.io.ByteArrayInputStream(xml), new DefaultHandler() {
                private int inText;

                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) {
                    if (texts.contains(qName)) {
                        inText++;
                    } else if (qName.equals(tab)) {
                        out.append('\t');
                    } else if (qName.equals(lineBreak)) {
                        out.append('\n');
                    }
                }

                @Override
                public void endElement(String uri, String localName, String qName) {
                    if (texts.contains(qName)) {
                        inText--;
                    }
                    if (paragraphs.contains(qName)) {
                        out.append('\n');
                    }
                }

                @Override
                public void characters(char[] ch, int start, int length) {
                    if (inText > 0) {
                        out.append(ch, start, length);
                    }
                }
            });
        } catch (SAXException | IOException | javax.xml.parsers.ParserConfigurationException e) {
            throw new UploadRefused(422, "'" + filename + "' has malformed or unsafe XML inside: " + shortMessage(e));
        }
        return out.toString();
    }

    private Inspected markdown(Path file, String filename) throws UploadRefused, IOException {
        byte[] bytes = Files.readAllBytes(file);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UploadRefused(422, "'" + filename + "' is not a UTF-8 text file as a Markdown file must be");
        }
        if (text.indexOf('\0') >= 0) {
            throw new UploadRefused(422, "'" + filename + "' contains binary data; it is not a Markdown text file");
        }
        return new Inspected("text/markdown; charset=utf-8", "md", text, Math.max(1, text.length() / 3000 + 1));
    }

    private static String shortMessage(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}
