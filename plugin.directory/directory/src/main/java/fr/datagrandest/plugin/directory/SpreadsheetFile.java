package fr.datagrandest.plugin.directory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * Reads the table of an uploaded file: CSV (UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252; comma,
 * semicolon or tab) or XLSX (first sheet). The first line gives the column names. A file that is not what it
 * claims to be is refused with a message that says what is wrong.
 */
final class SpreadsheetFile {

    /** The columns and rows of a file, with how it was read. */
    record Table(String format, String encoding, String delimiter, List<String> headers, List<List<String>> rows) {
    }

    private static final byte[] ZIP = {0x50, 0x4B, 0x03, 0x04};
    private static final byte[] OLE = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};

    private SpreadsheetFile() {
    }

    /**
     * @param file        the uploaded bytes
     * @param contentType the request's Content-Type, may be null
     * @param fileName    the file name the client gave, may be null
     * @param encoding    the encoding the client asked for, may be null (then it is detected)
     * @param maxRows     the most rows read
     */
    static Table read(Path file, String contentType, String fileName, String encoding, int maxRows) throws IOException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        }
        if (n == 0) {
            throw Directory.problem(400, "the file is empty");
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        boolean saysXlsx = type.contains("spreadsheetml") || name.endsWith(".xlsx");
        if (startsWith(head, n, OLE)) {
            throw Directory.problem(415, "this is an Excel 97-2003 (.xls) file or another OLE document: save it as"
                    + " .xlsx or as CSV UTF-8 and import it again");
        }
        if (startsWith(head, n, ZIP)) {
            return readXlsx(file, maxRows);
        }
        if (saysXlsx) {
            throw Directory.problem(400, "the file is declared as XLSX but is not one (an XLSX file is a ZIP archive"
                    + " and starts with 'PK'): save it again from the spreadsheet program as .xlsx, or send it as CSV");
        }
        return readCsv(Files.readAllBytes(file), charsetOf(type, encoding), maxRows);
    }

    private static boolean startsWith(byte[] head, int n, byte[] signature) {
        if (n < signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if (head[i] != signature[i]) {
                return false;
            }
        }
        return true;
    }

    private static String charsetOf(String contentType, String encoding) {
        if (encoding != null && !encoding.isBlank()) {
            return encoding.strip();
        }
        int i = contentType.indexOf("charset=");
        if (i >= 0) {
            return contentType.substring(i + 8).replace("\"", "").split("[;,\\s]")[0];
        }
        return null;
    }

    static Table readCsv(byte[] bytes, String declared, int maxRows) {
        String encoding;
        String text;
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            encoding = "UTF-8 (BOM)";
            text = decode(bytes, 3, StandardCharsets.UTF_8, "UTF-8");
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xFE) {
            encoding = "UTF-16LE (BOM)";
            text = decode(bytes, 2, StandardCharsets.UTF_16LE, "UTF-16LE");
        } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFE && (bytes[1] & 0xFF) == 0xFF) {
            encoding = "UTF-16BE (BOM)";
            text = decode(bytes, 2, StandardCharsets.UTF_16BE, "UTF-16BE");
        } else {
            for (int i = 0; i < Math.min(bytes.length, 65536); i++) {
                if (bytes[i] == 0) {
                    throw Directory.problem(415, "the file holds NUL bytes at offset " + i + ": it is a binary file or"
                            + " UTF-16 text without BOM, not a CSV file; save it as 'CSV UTF-8'");
                }
            }
            Charset charset = null;
            if (declared != null) {
                try {
                    charset = Charset.forName(declared);
                } catch (RuntimeException e) {
                    throw Directory.problem(400, "unknown encoding '" + declared + "': use utf-8 or windows-1252");
                }
            }
            if (charset == null || charset.equals(StandardCharsets.UTF_8)) {
                int bad = firstInvalidUtf8(bytes);
                if (bad < 0) {
                    encoding = "UTF-8";
                    text = new String(bytes, StandardCharsets.UTF_8);
                } else if (charset != null) {
                    throw Directory.problem(400, "the file is declared UTF-8 but the byte 0x"
                            + String.format("%02X", bytes[bad] & 0xFF) + " at offset " + bad + " is not UTF-8; save it as"
                            + " 'CSV UTF-8' or send ?encoding=windows-1252");
                } else {
                    encoding = "Windows-1252 (detected: the file is not valid UTF-8)";
                    text = decode(bytes, 0, Charset.forName("windows-1252"), "Windows-1252");
                }
            } else {
                encoding = charset.name();
                text = decode(bytes, 0, charset, charset.name());
            }
        }
        if (text.indexOf('\uFFFD') >= 0) {
            throw Directory.problem(400, "the file contains the replacement character U+FFFD: it was already damaged by a"
                    + " wrong encoding before the upload; export it again from the source as 'CSV UTF-8'");
        }
        char delimiter = delimiter(text);
        List<List<String>> records = parseCsv(text, delimiter, maxRows + 1);
        if (records.isEmpty()) {
            throw Directory.problem(400, "the file has no line");
        }
        List<String> headers = records.get(0).stream().map(String::strip).toList();
        return new Table("csv", encoding, delimiter == '\t' ? "tab" : String.valueOf(delimiter), headers,
                records.subList(1, records.size()));
    }

    private static String decode(byte[] bytes, int offset, Charset charset, String label) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
        } catch (CharacterCodingException e) {
            throw Directory.problem(400, "the file is neither valid UTF-8 nor valid " + label
                    + ": its encoding could not be recognised; save it as 'CSV UTF-8'");
        }
    }

    /** The offset of the first byte that breaks UTF-8, or -1. */
    static int firstInvalidUtf8(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            int more;
            if (c < 0x80) {
                i++;
                continue;
            } else if (c >= 0xC2 && c <= 0xDF) {
                more = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                more = 2;
            } else if (c >= 0xF0 && c <= 0xF4) {
                more = 3;
            } else {
                return i;
            }
            for (int k = 1; k <= more; k++) {
                if (i + k >= b.length || (b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += more + 1;
        }
        return -1;
    }

    /** The separator of the header line: the most frequent of ';', ',' and tab outside quotes. */
    static char delimiter(String text) {
        int semicolons = 0;
        int commas = 0;
        int tabs = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (c == '\n' || c == '\r') {
                    break;
                }
                if (c == ';') {
                    semicolons++;
                } else if (c == ',') {
                    commas++;
                } else if (c == '\t') {
                    tabs++;
                }
            }
        }
        if (tabs > semicolons && tabs > commas) {
            return '\t';
        }
        return semicolons >= commas && semicolons > 0 ? ';' : ',';
    }

    /** RFC 4180 records: quoted fields may hold separators, doubled quotes and line breaks. */
    static List<List<String>> parseCsv(String text, char delimiter, int maxRecords) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < length && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && field.isEmpty()) {
                quoted = true;
                any = true;
            } else if (c == delimiter) {
                record.add(field.toString());
                field.setLength(0);
                any = true;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                if (any || record.size() > 1 || !record.get(0).isEmpty()) {
                    records.add(record);
                    if (records.size() > maxRecords) {
                        throw Directory.problem(413, "the file has more than " + (maxRecords - 1) + " rows");
                    }
                }
                record = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
                any = true;
            }
            i++;
        }
        if (quoted) {
            throw Directory.problem(400, "the file ends inside a quoted field: a '\"' is not closed (line "
                    + (records.size() + 1) + ")");
        }
        if (any || !field.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }

    private static Table readXlsx(Path file, int maxRows) {
        List<List<String>> rows = new ArrayList<>();
        try (ReadableWorkbook workbook = new ReadableWorkbook(file.toFile())) {
            Sheet sheet = workbook.getFirstSheet();
            try (Stream<Row> stream = sheet.openStream()) {
                int expected = 1;
                for (Row row : (Iterable<Row>) stream::iterator) {
                    // keep row numbers right: empty rows are not in the file
                    while (expected < row.getRowNum() && !rows.isEmpty()) {
                        rows.add(List.of());
                        expected++;
                    }
                    List<String> cells = new ArrayList<>();
                    for (int i = 0; i < row.getCellCount(); i++) {
                        Cell cell = row.getCell(i);
                        cells.add(cell == null ? "" : cellText(cell));
                    }
                    rows.add(cells);
                    expected = row.getRowNum() + 1;
                    if (rows.size() > maxRows + 1) {
                        throw Directory.problem(413, "the workbook has more than " + maxRows + " rows");
                    }
                }
            }
        } catch (jakarta.ws.rs.WebApplicationException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw Directory.problem(400, "the file is a ZIP archive but not a readable XLSX workbook ("
                    + e.getClass().getSimpleName() + "): save it again as .xlsx from the spreadsheet program");
        }
        if (rows.isEmpty()) {
            throw Directory.problem(400, "the first sheet of the workbook is empty");
        }
        List<String> headers = rows.get(0).stream().map(String::strip).toList();
        return new Table("xlsx", "UTF-8 (XLSX)", null, headers, rows.subList(1, rows.size()));
    }

    private static String cellText(Cell cell) {
        String text = cell.getText();
        if (text == null) {
            return "";
        }
        // whole numbers typed in a spreadsheet come back as "67482.0" or "6.7482E4" in raw form
        if (cell.getType() == org.dhatim.fastexcel.reader.CellType.NUMBER) {
            try {
                java.math.BigDecimal number = new java.math.BigDecimal(text);
                return number.stripTrailingZeros().toPlainString();
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }
}
