package fr.datagrandest.plugin.directory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Exports people as CSV (UTF-8 with BOM, ';', for spreadsheet programs set to French), XLSX, vCard 4.0 or a
 * mailing list. Every reader gets only what they may read: private fields stay empty for the others. A cell that
 * a spreadsheet would run as a formula ({@code = + - @}, tab, carriage return) is escaped with a leading quote.
 */
final class ContactExport {

    static final List<String> HEADERS = List.of("id", "Prénom", "Nom", "Fonction", "Organisation", "SIREN",
            "Type d'organisation", "Code territoire", "Territoire", "Collèges", "Rôles", "Courriel", "Téléphone");

    /** One exported person. */
    record Line(long id, String firstName, String lastName, String jobTitle, String organisation, String siren,
            String organisationType, String territoryCode, String territoryName, String colleges, String roles,
            String email, String phone) {

        List<String> cells() {
            return java.util.Arrays.asList(String.valueOf(id), firstName, lastName, jobTitle, organisation, siren,
                    organisationType, territoryCode, territoryName, colleges, roles, email, phone);
        }
    }

    private ContactExport() {
    }

    /** The people the filter selects, in name order, as the caller may see them. */
    static List<Line> lines(Directory directory, Access access, String college, Long groupId, Long personId) {
        return directory.read(c -> {
            Map<Long, Set<String>> collegesByOrg = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT organisation_id, college_code FROM membership"
                    + " WHERE until IS NULL OR until >= CURRENT_DATE"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    collegesByOrg.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
            Map<Long, List<String[]>> roles = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT person_id, organisation_id, role, label FROM person_role");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    roles.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new String[] {
                        String.valueOf(rs.getLong(2)), rs.getString(3), rs.getString(4)});
                }
            }
            StringBuilder sql = new StringBuilder("SELECT p.id, p.first_name, p.last_name, p.job_title, o.name, o.siren,"
                    + " o.kind, o.territory_code, o.territory_name, p.email, p.phone, p.account, p.organisation_id"
                    + " FROM person p LEFT JOIN organisation o ON o.id = p.organisation_id WHERE 1=1");
            List<Object> params = new ArrayList<>();
            if (groupId != null) {
                sql.append(" AND p.id IN (SELECT person_id FROM group_member WHERE group_id = ?)");
                params.add(groupId);
            }
            if (personId != null) {
                sql.append(" AND p.id = ?");
                params.add(personId);
            }
            sql.append(" ORDER BY p.name_key, p.id");
            List<Line> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                Directory.bind(s, params, 1);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        long org = rs.getLong(13);
                        boolean hasOrg = !rs.wasNull();
                        Set<String> colleges = new TreeSet<>();
                        if (hasOrg) {
                            colleges.addAll(collegesByOrg.getOrDefault(org, Set.of()));
                        }
                        List<String> roleTexts = new ArrayList<>();
                        for (String[] r : roles.getOrDefault(id, List.of())) {
                            colleges.addAll(collegesByOrg.getOrDefault(Long.parseLong(r[0]), Set.of()));
                            roleTexts.add(Entries.ROLES.getOrDefault(r[1], r[1]));
                        }
                        if (college != null && !college.isBlank() && !colleges.contains(college)) {
                            continue;
                        }
                        boolean full = access.canReadPrivate(colleges, rs.getString(12));
                        out.add(new Line(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), Entries.ORGANISATION_TYPES.getOrDefault(rs.getString(7), rs.getString(7)),
                                rs.getString(8), rs.getString(9), String.join(", ", colleges), String.join(", ", roleTexts),
                                full ? rs.getString(10) : null, full ? rs.getString(11) : null));
                    }
                }
            }
            return out;
        });
    }

    /** A cell a spreadsheet will show as text, never run as a formula. */
    static String safeCell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + value;
        }
        return value;
    }

    static void csv(List<Line> lines, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write('\uFEFF');
        writeCsvRow(w, HEADERS);
        for (Line line : lines) {
            writeCsvRow(w, line.cells());
        }
        w.flush();
    }

    private static void writeCsvRow(Writer w, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                w.write(';');
            }
            String v = safeCell(cells.get(i));
            if (v.indexOf(';') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                w.write('"');
                w.write(v.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(v);
            }
        }
        w.write("\r\n");
    }

    static void xlsx(List<Line> lines, OutputStream out, String version) throws IOException {
        Workbook workbook = new Workbook(out, "DataGrandEst", version);
        Worksheet sheet = workbook.newWorksheet("Contacts");
        for (int col = 0; col < HEADERS.size(); col++) {
            sheet.value(0, col, HEADERS.get(col));
            sheet.style(0, col).bold().set();
        }
        int row = 1;
        for (Line line : lines) {
            List<String> cells = line.cells();
            for (int col = 0; col < cells.size(); col++) {
                String v = safeCell(cells.get(col));
                if (!v.isEmpty()) {
                    sheet.value(row, col, v);
                }
            }
            row++;
        }
        workbook.finish();
    }

    /** vCard 4.0 (RFC 6350): one card per person, CRLF line ends, lines folded at 75 octets. */
    static void vcard(List<Line> lines, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (Line line : lines) {
            List<String> card = new ArrayList<>();
            card.add("BEGIN:VCARD");
            card.add("VERSION:4.0");
            card.add("FN:" + escape((nullToEmpty(line.firstName()) + " " + nullToEmpty(line.lastName())).strip()));
            card.add("N:" + escape(nullToEmpty(line.lastName())) + ";" + escape(nullToEmpty(line.firstName())) + ";;;");
            if (line.organisation() != null) {
                card.add("ORG:" + escape(line.organisation()));
            }
            if (line.jobTitle() != null) {
                card.add("TITLE:" + escape(line.jobTitle()));
            }
            if (!line.roles().isEmpty()) {
                card.add("ROLE:" + escape(line.roles()));
            }
            if (line.email() != null && FrenchText.isEmail(line.email())) {
                card.add("EMAIL;TYPE=work:" + escape(line.email()));
            }
            String tel = FrenchText.phone(line.phone());
            if (tel != null) {
                card.add("TEL;VALUE=uri;TYPE=\"work,voice\":tel:" + tel);
            }
            if (!line.colleges().isEmpty()) {
                card.add("CATEGORIES:" + escape(line.colleges()).replace("\\, ", ","));
            }
            card.add("UID:urn:datagrandest:directory:person:" + line.id());
            card.add("END:VCARD");
            for (String l : card) {
                w.write(fold(l));
            }
        }
        w.flush();
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\r\n", "\\n")
                .replace("\n", "\\n");
    }

    /** Folds a content line so that no line is longer than 75 octets, never inside a UTF-8 sequence. */
    static String fold(String line) {
        StringBuilder out = new StringBuilder();
        int octets = 0;
        int limit = 75;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        return out.append("\r\n").toString();
    }

    /** "Name <address>" lines for a mailing list: only people with a valid address the caller may read. */
    static void mailingList(List<Line> lines, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        for (Line line : lines) {
            if (line.email() != null && FrenchText.isEmail(line.email())) {
                String name = (nullToEmpty(line.firstName()) + " " + nullToEmpty(line.lastName())).strip()
                        .replace("\"", "");
                w.write("\"" + name + "\" <" + line.email().strip() + ">\r\n");
            }
        }
        w.flush();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
