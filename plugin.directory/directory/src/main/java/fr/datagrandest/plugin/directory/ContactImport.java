package fr.datagrandest.plugin.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import fr.datagrandest.plugin.directory.Entries.PersonInput;
import fr.datagrandest.plugin.directory.Entries.RoleInput;
import fr.datagrandest.plugin.directory.SpreadsheetFile.Table;

/**
 * Imports contacts from a table: maps the columns to directory fields, checks each row, finds duplicates in the
 * file and against what is stored (same e-mail, same name in the same organisation, same SIREN, similar
 * organisation names), and either previews all that (dry run) or writes what is certain and turns the doubtful
 * rows into merge proposals for an editor. Importing the same file again changes nothing.
 */
final class ContactImport {

    /** Directory fields a column can feed, with the column names (normalised) recognised without a mapping. */
    static final Map<String, List<String>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("firstName", List.of("prenom", "first name", "firstname", "given name"));
        FIELDS.put("lastName", List.of("nom", "nom de famille", "last name", "lastname", "surname", "family name"));
        FIELDS.put("fullName", List.of("nom complet", "nom et prenom", "prenom nom", "nom prenom", "contact", "name",
                "full name", "personne"));
        FIELDS.put("email", List.of("email", "e mail", "courriel", "mail", "adresse mail", "adresse email",
                "adresse e mail", "adresse electronique", "adresse courriel", "mel"));
        FIELDS.put("phone", List.of("telephone", "tel", "phone", "portable", "mobile", "telephone fixe", "numero de telephone"));
        FIELDS.put("jobTitle", List.of("fonction", "poste", "titre", "job title", "title", "intitule de poste"));
        FIELDS.put("organisation", List.of("organisation", "organisme", "structure", "collectivite", "etablissement",
                "organization", "employeur", "entite", "societe"));
        FIELDS.put("siren", List.of("siren", "n siren", "numero siren"));
        FIELDS.put("siret", List.of("siret", "n siret", "numero siret"));
        FIELDS.put("organisationType", List.of("type", "type de structure", "type d organisation", "type de collectivite",
                "categorie"));
        FIELDS.put("territoryCode", List.of("code insee", "insee", "code territoire", "code commune", "territoire", "code"));
        FIELDS.put("website", List.of("site web", "site internet", "website", "url", "site"));
        FIELDS.put("role", List.of("role", "role datagrandest", "role dans l organisation", "qualite"));
        FIELDS.put("notes", List.of("notes", "note", "commentaire", "commentaires", "remarques", "observations"));
        FIELDS.put("college", List.of("college", "college datagrandest", "college de l organisation"));
        FIELDS.put("membership", List.of("adhesion", "type d adhesion", "nature de l adhesion", "membership"));
        FIELDS.put("ignore", List.of());
    }

    record Column(String header, String field) {
    }

    record Flag(int row, String field, String value, String problem) {
    }

    record RowError(int row, String problem) {
    }

    record Duplicate(int row, String reason, Long existingPersonId, String existingName, Long existingOrganisationId,
            String existingOrganisation, Integer sameAsRow, String incoming, Map<String, Object> differences) {
    }

    record Report(Long id, boolean dryRun, String fileName, String sha256, String format, String encoding,
            String delimiter, String college, List<Column> columns, List<String> unknownColumns, int rows, int created,
            int updated, int unchanged, int proposals, int alreadyProposed, int organisationsCreated,
            int membershipsAdded, int errorsCount,
            List<Flag> flagged, List<RowError> errors, List<Duplicate> duplicates, List<RowError> skipped,
            String summary) {
    }

    private record Stored(long id, String nameKey, String emailKey, Long organisationId, boolean editable) {
    }

    private record Org(long id, String name, String nameKey, String siren) {
    }

    /** What a row is compared with: the stored person's fields and roles ("organisationId/role"). */
    private record Details(String firstName, String lastName, String email, String phone, String jobTitle,
            String notes, Long organisationId, Set<String> roles) {
    }

    /**
     * The people the rows of this import may match (same e-mail or same normalised name), read once with the
     * stored people instead of one query per matching row, and the people the import writes.
     */
    private final Map<Long, Details> details = new HashMap<>();
    private final Map<Long, String> organisationNames = new HashMap<>();

    /** New people written between two commits of a large import. */
    static final int COMMIT_EVERY = 5000;
    /** New people sent to the database in one batch of each statement (person, role, history). */
    static final int BATCH = 500;

    private final Directory directory;
    private final Access access;
    private final String college;

    ContactImport(Directory directory, Access access, String college) {
        this.directory = directory;
        this.access = access;
        this.college = college;
    }

    /** Which field each column feeds: the explicit mapping first, then the recognised column names. */
    static List<Column> mapColumns(List<String> headers, Map<String, String> mapping, List<String> unknown) {
        Map<String, String> explicit = new HashMap<>();
        for (Map.Entry<String, String> e : mapping.entrySet()) {
            if (!FIELDS.containsKey(e.getValue())) {
                throw Directory.problem(400, "the mapping sends the column '" + e.getKey() + "' to the unknown field '"
                        + e.getValue() + "'; fields: " + FIELDS.keySet());
            }
            String wanted = FrenchText.key(e.getKey());
            if (headers.stream().noneMatch(h -> FrenchText.key(h).equals(wanted))) {
                throw Directory.problem(400, "the mapping names a column '" + e.getKey()
                        + "' that the file does not have; its columns: " + headers);
            }
            explicit.put(wanted, e.getValue());
        }
        List<Column> columns = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (String header : headers) {
            String key = FrenchText.key(header);
            String field = explicit.get(key);
            if (field == null) {
                for (Map.Entry<String, List<String>> f : FIELDS.entrySet()) {
                    if (f.getValue().contains(key) && !used.contains(f.getKey())) {
                        field = f.getKey();
                        break;
                    }
                }
            }
            if (field == null) {
                field = "ignore";
                if (!header.isBlank()) {
                    unknown.add(header);
                }
            }
            if (!field.equals("ignore")) {
                used.add(field);
            }
            columns.add(new Column(header, field));
        }
        if (!used.contains("lastName") && !used.contains("fullName") && !used.contains("firstName")) {
            throw Directory.problem(400, "no column gives the names of the people: name a column 'Nom' and 'Prénom' (or"
                    + " 'Nom complet'), or map one with map=<column>:lastName; columns of the file: " + headers);
        }
        return columns;
    }

    Report run(Table table, Map<String, String> mapping, String fileName, String sha256, boolean dryRun) {
        if (!access.isEditor()) {
            throw Directory.problem(403, "only an editor of a collège or an administrator imports contacts");
        }
        if (college == null && !access.isAdmin()) {
            throw Directory.problem(400, "say which of your collèges the contacts are for: ?college="
                    + String.join("|", access.user().colleges()));
        }
        if (college != null && !access.canEditCollege(college)) {
            throw Directory.problem(403, "you may not import contacts into the collège '" + college + "'");
        }
        List<String> unknown = new ArrayList<>();
        List<Column> columns = mapColumns(table.headers(), mapping, unknown);
        if (dryRun) {
            return directory.read(c -> process(c, table, columns, unknown, fileName, sha256, true));
        }
        Report report = directory.inTransaction(c -> process(c, table, columns, unknown, fileName, sha256, false));
        directory.audit(access.actor(), "directory.import", fileName, "success", report.summary());
        return report;
    }

    private Report process(Connection c, Table table, List<Column> columns, List<String> unknown, String fileName,
            String sha256, boolean dryRun) throws SQLException {
        if (college != null && !Directory.exists(c, "SELECT 1 FROM college WHERE code = ?", college)) {
            throw Directory.problem(400, "unknown collège '" + college + "'");
        }
        Long reportId = null;
        if (!dryRun) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO import_report (at, actor, file_name, sha256, dry_run,"
                    + " report) VALUES (?, ?, ?, ?, FALSE, '{}')", Statement.RETURN_GENERATED_KEYS)) {
                s.setObject(1, Directory.now());
                s.setString(2, access.actor());
                s.setString(3, fileName);
                s.setString(4, sha256);
                s.executeUpdate();
                reportId = Directory.generatedId(s);
            }
        }
        // what is stored, read once
        Map<String, Stored> byEmail = new HashMap<>();
        Map<String, Stored> byNameAndOrganisation = new HashMap<>();
        loadPeople(c, table, columns, byEmail, byNameAndOrganisation);
        Map<String, Org> orgByKey = new HashMap<>();
        Map<String, Org> orgBySiren = new HashMap<>();
        List<Org> orgs = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, name_key, siren FROM organisation");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Org o = new Org(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
                orgs.add(o);
                organisationNames.put(o.id(), o.name());
                orgByKey.putIfAbsent(o.nameKey(), o);
                if (o.siren() != null) {
                    orgBySiren.putIfAbsent(o.siren(), o);
                }
            }
        }
        // people erased on request (RGPD) are not brought back by an import
        Erasures.Check erased = directory.erasures().load(c);
        Map<String, Org> similarCache = new HashMap<>();
        Map<String, Integer> emailRowInFile = new HashMap<>();
        Map<String, Integer> nameRowInFile = new HashMap<>();
        Set<String> plannedOrganisations = new LinkedHashSet<>();

        List<Flag> flagged = new ArrayList<>();
        List<RowError> errors = new ArrayList<>();
        List<Duplicate> duplicates = new ArrayList<>();
        List<RowError> skipped = new ArrayList<>();
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        int proposals = 0;
        int alreadyProposed = 0;
        int organisationsCreated = 0;
        int membershipsAdded = 0;
        int rowCount = 0;
        // per-row collège and membership columns: collèges by code or name, the memberships stored
        Map<String, String> collegeCodes = new HashMap<>();
        for (Entries.College known : directory.colleges()) {
            collegeCodes.put(FrenchText.key(known.code()), known.code());
            collegeCodes.put(FrenchText.key(known.name()), known.code());
        }
        Set<String> memberships = new HashSet<>();
        Map<Long, Set<String>> collegesOf = new HashMap<>();
        if (columns.stream().anyMatch(col -> col.field().equals("college"))) {
            try (PreparedStatement s = c.prepareStatement("SELECT organisation_id, college_code FROM membership");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    memberships.add(rs.getLong(1) + "|" + rs.getString(2));
                    collegesOf.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        }
        for (int r = 0; r < table.rows().size(); r++) {
            int rowNumber = r + 2; // line 1 is the header
            Map<String, String> v = values(columns, table.rows().get(r));
            if (v.values().stream().allMatch(String::isBlank)) {
                continue;
            }
            rowCount++;
            String[] names = rowNames(v);
            String first = names[0];
            String last = names[1];
            if (first.isEmpty() && last.isEmpty()) {
                errors.add(new RowError(rowNumber, "no name: the row is not imported"));
                continue;
            }
            String rowCollege = null;
            String rowKind = null;
            if (!v.getOrDefault("college", "").isBlank()) {
                rowCollege = collegeCodes.get(FrenchText.key(v.get("college")));
                if (rowCollege == null) {
                    errors.add(new RowError(rowNumber, "unknown collège '" + v.get("college").strip()
                            + "': the row is not imported; collèges: " + new TreeSet<>(collegeCodes.values())));
                    continue;
                }
                if (!access.canEditCollege(rowCollege)) {
                    errors.add(new RowError(rowNumber, "you may not import contacts into the collège '" + rowCollege
                            + "': the row is not imported"));
                    continue;
                }
            }
            if (!v.getOrDefault("membership", "").isBlank()) {
                rowKind = membershipKind(v.get("membership"));
                if (rowKind == null) {
                    flagged.add(new Flag(rowNumber, "membership", v.get("membership"),
                            "unknown kind of membership (membre, financeur, partenaire): member assumed"));
                    rowKind = "member";
                }
            }
            String email = Directory.blankToNull(v.get("email"));
            String phone = Directory.blankToNull(v.get("phone"));
            if (!erased.isEmpty() && erased.email(email) && !byEmail.containsKey(FrenchText.emailKey(email))) {
                // (an address another stored person still uses goes on to match that person)
                skipped.add(new RowError(rowNumber, "skipped: erased on request"));
                continue;
            }
            List<String> rowFlags = Directory.contactFlags(email, phone);
            if (rowFlags.contains("invalid-email")) {
                flagged.add(new Flag(rowNumber, "email", email, "invalid e-mail address: kept, to be corrected"));
            }
            if (rowFlags.contains("invalid-phone")) {
                flagged.add(new Flag(rowNumber, "phone", phone, "invalid phone number: kept, to be corrected"));
            }
            // organisation: SIREN, then the exact name, then a similar name
            String orgName = Directory.blankToNull(v.get("organisation"));
            String siren = FrenchText.siren(v.getOrDefault("siren", "").isBlank() ? v.get("siret") : v.get("siren"));
            if (!v.getOrDefault("siren", "").isBlank() && siren == null) {
                flagged.add(new Flag(rowNumber, "siren", v.get("siren"), "invalid SIREN (9 digits): ignored"));
            }
            Org org = null;
            Org similar = null;
            if (siren != null && orgBySiren.containsKey(siren)) {
                org = orgBySiren.get(siren);
            } else if (orgName != null) {
                String key = FrenchText.key(orgName);
                org = orgByKey.get(key);
                if (org == null && !plannedOrganisations.contains(key)) {
                    similar = similarCache.computeIfAbsent(key, k -> mostSimilar(orgs, orgName));
                }
            }
            if (org == null && orgName == null && siren != null) {
                errors.add(new RowError(rowNumber, "the SIREN " + siren + " matches no organisation and the row names none"));
                continue;
            }
            String incomingText = (first + " " + last).strip() + (email == null ? "" : " <" + email + ">")
                    + (orgName == null ? "" : " — " + orgName);
            String nameKey = FrenchText.key(first + " " + last);
            String emailKey = FrenchText.emailKey(email);
            // duplicates inside the file
            Integer sameRow = emailKey != null ? emailRowInFile.get(emailKey) : null;
            String orgKeyForName = org != null ? "id:" + org.id() : orgName != null ? "new:" + FrenchText.key(orgName) : "none";
            if (sameRow == null) {
                sameRow = nameRowInFile.get(nameKey + "|" + orgKeyForName);
            }
            if (emailKey != null) {
                emailRowInFile.putIfAbsent(emailKey, rowNumber);
            }
            nameRowInFile.putIfAbsent(nameKey + "|" + orgKeyForName, rowNumber);
            if (sameRow != null && dryRun) {
                // the real import merges it with the earlier row (or proposes to, when they differ)
                duplicates.add(new Duplicate(rowNumber, "duplicate-in-file", null, null, null, null, sameRow,
                        incomingText, Map.of()));
                continue;
            }

            Map<String, Object> incoming = new LinkedHashMap<>();
            incoming.put("row", rowNumber);
            incoming.put("firstName", first);
            incoming.put("lastName", last);
            incoming.put("email", email);
            incoming.put("phone", phone);
            incoming.put("jobTitle", Directory.blankToNull(v.get("jobTitle")));
            incoming.put("organisation", orgName);
            incoming.put("siren", siren);
            incoming.put("organisationType", Directory.blankToNull(v.get("organisationType")));
            incoming.put("territoryCode", Directory.blankToNull(v.get("territoryCode")));
            incoming.put("website", Directory.blankToNull(v.get("website")));
            incoming.put("role", Directory.blankToNull(v.get("role")));
            incoming.put("notes", Directory.blankToNull(v.get("notes")));
            incoming.put("flags", String.join(",", rowFlags));
            // only when the file has them: the proposals of files without them keep the same content
            if (rowCollege != null) {
                incoming.put("college", rowCollege);
            }
            if (rowKind != null) {
                incoming.put("membership", rowKind);
            }
            // an organisation already stored joins the row's collège (if the caller may change it)
            if (rowCollege != null && org != null && !memberships.contains(org.id() + "|" + rowCollege)) {
                Set<String> current = collegesOf.getOrDefault(org.id(), Set.of());
                if (!current.isEmpty() && !access.canEdit(current)) {
                    flagged.add(new Flag(rowNumber, "college", rowCollege, "the organisation belongs to the collèges "
                            + current + ": its membership is left to their editors"));
                } else {
                    memberships.add(org.id() + "|" + rowCollege);
                    membershipsAdded++;
                    if (!dryRun) {
                        addMembership(c, org.id(), rowCollege, rowKind == null ? "member" : rowKind);
                        collegesOf.computeIfAbsent(org.id(), k -> new HashSet<>()).add(rowCollege);
                    }
                }
            }

            if (similar != null) {
                Map<String, Object> proposal = new LinkedHashMap<>(incoming);
                proposal.put("similarOrganisationId", similar.id());
                duplicates.add(new Duplicate(rowNumber, "similar-organisation", null, null, similar.id(), similar.name(),
                        null, incomingText, Map.of("organisation", List.of(similar.name(), orgName))));
                if (!dryRun) {
                    if (propose(c, reportId, null, "similar-organisation", proposal)) {
                        proposals++;
                    } else {
                        alreadyProposed++;
                    }
                }
                continue;
            }
            // match against the stored people (and those created earlier in this import, written first if still
            // waiting in the batch: the comparison reads the stored entry)
            if (!dryRun && (pendingKeys.contains("e:" + emailKey) || (org != null && pendingKeys.contains(nameKey + "|" + org.id())))) {
                flush(byEmail, byNameAndOrganisation);
            }
            Stored match = emailKey != null ? byEmail.get(emailKey) : null;
            String reason = match != null ? "same-email" : null;
            if (match == null && org != null) {
                match = byNameAndOrganisation.get(nameKey + "|" + org.id());
                reason = match != null ? "same-name-organisation" : null;
            }
            if (match != null) {
                Map<String, Object> differences = differences(c, match.id(), incoming, org);
                if (!match.editable()) {
                    errors.add(new RowError(rowNumber, "this person is already in the directory in another collège: only"
                            + " its editors may change the entry"));
                    continue;
                }
                if (differences.isEmpty()) {
                    unchanged++;
                    continue;
                }
                if (sameRow == null || !dryRun) {
                    duplicates.add(new Duplicate(rowNumber, reason, match.id(), personName(c, match.id(), details.get(match.id())),
                            org == null ? null : org.id(), org == null ? null : org.name(), null, incomingText, differences));
                }
                if (!dryRun) {
                    if (propose(c, reportId, match.id(), reason, incoming)) {
                        proposals++;
                    } else {
                        alreadyProposed++;
                    }
                }
                continue;
            }
            // a new person
            if (org == null && orgName != null) {
                String key = FrenchText.key(orgName);
                if (plannedOrganisations.add(key)) {
                    organisationsCreated++;
                }
                if (!dryRun) {
                    org = createOrganisation(c, incoming);
                    orgByKey.put(org.nameKey(), org);
                    if (org.siren() != null) {
                        orgBySiren.putIfAbsent(org.siren(), org);
                    }
                    orgs.add(org);
                    organisationNames.put(org.id(), org.name());
                    String joined = rowCollege != null ? rowCollege : college;
                    if (joined != null) {
                        memberships.add(org.id() + "|" + joined);
                        collegesOf.computeIfAbsent(org.id(), k -> new HashSet<>()).add(joined);
                    }
                }
            }
            created++;
            if (!dryRun && created % COMMIT_EVERY == 0) {
                // a long transaction makes the embedded database grow by its undo log: commit in steps; an
                // interrupted import is completed by importing the same file again (it skips what is there)
                flush(byEmail, byNameAndOrganisation);
                c.commit();
            }
            if (!dryRun) {
                queue(c, personInput(incoming, org == null ? null : org.id()), String.join(",", rowFlags), nameKey,
                        emailKey);
                if (pending.size() >= BATCH) {
                    flush(byEmail, byNameAndOrganisation);
                }
            }
        }
        if (!dryRun) {
            flush(byEmail, byNameAndOrganisation);
        }
        String summary = rowCount + " rows: " + created + " new, " + updated + " updated, " + unchanged + " unchanged, "
                + duplicates.size() + " duplicates (" + proposals + " new merge proposals), "
                + (membershipsAdded > 0 ? membershipsAdded + " memberships added, " : "") + flagged.size()
                + " flagged values, " + errors.size() + " rows not imported"
                + (skipped.isEmpty() ? "" : ", " + skipped.size() + " skipped: erased on request");
        Report report = new Report(reportId, dryRun, fileName, sha256, table.format(), table.encoding(), table.delimiter(),
                college, columns, unknown, rowCount, created, updated, unchanged, proposals, alreadyProposed,
                organisationsCreated, membershipsAdded, errors.size(), flagged, errors, duplicates, skipped, summary);
        if (!dryRun) {
            closeStatements();
            Directory.update(c, "UPDATE import_report SET report = ? WHERE id = ?", Directory.toJson(report), reportId);
        }
        return report;
    }

    // ---- the bulk path of an import: statements prepared once, search text built from what is known already

    private PreparedStatement insertPerson;
    private PreparedStatement insertRole;
    private PreparedStatement insertHistory;
    private final Map<Long, String> organisationText = new HashMap<>();
    private Map<String, String> collegeNames;

    private String organisationText(Connection c, long organisationId) throws SQLException {
        String known = organisationText.get(organisationId);
        if (known != null) {
            return known;
        }
        if (collegeNames == null) {
            collegeNames = new HashMap<>();
            for (Entries.College college : directory.colleges()) {
                collegeNames.put(college.code(), college.name());
            }
        }
        StringBuilder text = new StringBuilder();
        Directory.OrganisationRow row = directory.loadOrganisation(c, organisationId).orElseThrow();
        text.append(row.name()).append(' ').append(row.territoryName() == null ? "" : row.territoryName()).append(' ')
                .append(row.territoryCode() == null ? "" : row.territoryCode());
        for (String college : directory.collegesOfOrganisation(c, organisationId)) {
            text.append(' ').append(college).append(' ').append(collegeNames.getOrDefault(college, ""));
        }
        organisationText.put(organisationId, text.toString());
        return text.toString();
    }

    /** A new person of the import waiting in the batch, with the keys it is found by. */
    private record Pending(PersonInput in, String flags, String searchText, String nameKey, String emailKey) {
    }

    private final List<Pending> pending = new ArrayList<>();
    private final Set<String> pendingKeys = new HashSet<>();

    /** Queues a new person of the import; {@link #flush} writes the queue in one batch per statement. */
    private void queue(Connection c, PersonInput in, String flags, String nameKey, String emailKey) throws SQLException {
        if (insertPerson == null) {
            insertPerson = c.prepareStatement("INSERT INTO person (first_name, last_name, name_key, email, email_key, phone,"
                    + " job_title, organisation_id, notes, flags, purpose, synthetic, search_text, created_at, updated_at,"
                    + " last_activity_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
            insertRole = c.prepareStatement("INSERT INTO person_role (person_id, organisation_id, role, label) VALUES (?, ?, ?, ?)");
            insertHistory = c.prepareStatement("INSERT INTO entry_history (entity_type, entity_id, at, actor, action, changes)"
                    + " VALUES ('person', ?, ?, ?, 'import', ?)");
        }
        StringBuilder text = new StringBuilder();
        text.append(in.firstName()).append(' ').append(in.lastName()).append(' ')
                .append(in.jobTitle() == null ? "" : in.jobTitle()).append(' ');
        if (in.organisationId() != null) {
            text.append(organisationText(c, in.organisationId())).append(' ');
        }
        for (RoleInput r : in.roles()) {
            text.append(Entries.ROLES.get(r.role())).append(' ').append(r.label()).append(' ');
        }
        pending.add(new Pending(in, flags, " " + FrenchText.key(text.toString()) + " ", nameKey, emailKey));
        if (emailKey != null) {
            pendingKeys.add("e:" + emailKey);
        }
        if (in.organisationId() != null) {
            pendingKeys.add(nameKey + "|" + in.organisationId());
        }
    }

    /**
     * Writes the queued people: one batch of person rows (their ids come back as generated keys, in order), then
     * one of roles and one of history entries, instead of three statements per person; then they count as stored
     * for the duplicate detection of the following rows.
     */
    private void flush(Map<String, Stored> byEmail, Map<String, Stored> byNameAndOrganisation) throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        java.time.OffsetDateTime now = Directory.now();
        for (Pending p : pending) {
            PersonInput in = p.in();
            insertPerson.setString(1, in.firstName());
            insertPerson.setString(2, in.lastName());
            insertPerson.setString(3, p.nameKey());
            insertPerson.setString(4, in.email());
            insertPerson.setString(5, FrenchText.emailKey(in.email()));
            insertPerson.setString(6, in.phone());
            insertPerson.setString(7, in.jobTitle());
            Directory.setLong(insertPerson, 8, in.organisationId());
            insertPerson.setString(9, in.notes());
            insertPerson.setString(10, p.flags());
            insertPerson.setString(11, directory.config().purpose());
            insertPerson.setString(12, p.searchText());
            insertPerson.setObject(13, now);
            insertPerson.setObject(14, now);
            insertPerson.setObject(15, now);
            insertPerson.addBatch();
        }
        insertPerson.executeBatch();
        long[] ids = new long[pending.size()];
        int n = 0;
        try (ResultSet keys = insertPerson.getGeneratedKeys()) {
            while (keys.next() && n < ids.length) {
                ids[n++] = keys.getLong(1);
            }
        }
        if (n != ids.length) {
            // never guess ids: the transaction is rolled back
            throw new SQLException("the database returned " + n + " ids for " + ids.length + " new people");
        }
        boolean roles = false;
        for (int i = 0; i < ids.length; i++) {
            PersonInput in = pending.get(i).in();
            for (RoleInput r : in.roles()) {
                insertRole.setLong(1, ids[i]);
                insertRole.setLong(2, r.organisationId());
                insertRole.setString(3, r.role());
                insertRole.setString(4, r.label() == null ? "" : r.label());
                insertRole.addBatch();
                roles = true;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("firstName", in.firstName());
            fields.put("lastName", in.lastName());
            fields.put("email", in.email());
            fields.put("phone", in.phone());
            fields.put("organisationId", in.organisationId());
            insertHistory.setLong(1, ids[i]);
            insertHistory.setObject(2, now);
            insertHistory.setString(3, access.actor());
            insertHistory.setString(4, Directory.toJson(fields));
            insertHistory.addBatch();
        }
        if (roles) {
            insertRole.executeBatch();
        }
        insertHistory.executeBatch();
        for (int i = 0; i < ids.length; i++) {
            Pending p = pending.get(i);
            directory.written(ids[i]);
            Stored stored = new Stored(ids[i], p.nameKey(), p.emailKey(), p.in().organisationId(), true);
            Set<String> itsRoles = new HashSet<>();
            for (RoleInput r : p.in().roles()) {
                itsRoles.add(r.organisationId() + "/" + r.role());
            }
            details.put(ids[i], new Details(p.in().firstName(), p.in().lastName(), p.in().email(), p.in().phone(),
                    p.in().jobTitle(), p.in().notes(), p.in().organisationId(), itsRoles));
            if (p.emailKey() != null) {
                byEmail.putIfAbsent(p.emailKey(), stored);
            }
            if (p.in().organisationId() != null) {
                byNameAndOrganisation.putIfAbsent(p.nameKey() + "|" + p.in().organisationId(), stored);
            }
        }
        pending.clear();
        pendingKeys.clear();
    }

    private void closeStatements() throws SQLException {
        for (PreparedStatement s : new PreparedStatement[] {insertPerson, insertRole, insertHistory}) {
            if (s != null) {
                s.close();
            }
        }
        insertPerson = null;
    }

    private void loadPeople(Connection c, Table table, List<Column> columns, Map<String, Stored> byEmail,
            Map<String, Stored> byNameAndOrganisation) throws SQLException {
        // the keys the rows can match by: only those people's fields are kept for the comparison
        Set<String> fileEmails = new HashSet<>();
        Set<String> fileNames = new HashSet<>();
        for (List<String> cells : table.rows()) {
            Map<String, String> v = values(columns, cells);
            String[] names = rowNames(v);
            fileNames.add(FrenchText.key(names[0] + " " + names[1]));
            String email = FrenchText.emailKey(Directory.blankToNull(v.get("email")));
            if (email != null) {
                fileEmails.add(email);
            }
        }
        Map<Long, Set<String>> collegesByOrg = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT organisation_id, college_code FROM membership"
                + " WHERE until IS NULL OR until >= CURRENT_DATE"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                collegesByOrg.computeIfAbsent(rs.getLong(1), k -> new LinkedHashSet<>()).add(rs.getString(2));
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT id, name_key, email_key, organisation_id, first_name,"
                + " last_name, email, phone, job_title, notes FROM person");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long org = rs.getLong(4);
                Long orgId = rs.wasNull() ? null : org;
                Set<String> colleges = orgId == null ? Set.of() : collegesByOrg.getOrDefault(orgId, Set.of());
                Stored p = new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), orgId, access.canEdit(colleges));
                if (fileNames.contains(p.nameKey()) || p.emailKey() != null && fileEmails.contains(p.emailKey())) {
                    details.put(p.id(), new Details(rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10), orgId, new HashSet<>()));
                }
                if (p.emailKey() != null) {
                    byEmail.putIfAbsent(p.emailKey(), p);
                }
                if (orgId != null) {
                    byNameAndOrganisation.putIfAbsent(p.nameKey() + "|" + orgId, p);
                }
            }
        }
        if (!details.isEmpty() && columns.stream().anyMatch(col -> col.field().equals("role"))) {
            try (PreparedStatement s = c.prepareStatement("SELECT person_id, organisation_id, role FROM person_role");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Details d = details.get(rs.getLong(1));
                    if (d != null) {
                        d.roles().add(rs.getLong(2) + "/" + rs.getString(3));
                    }
                }
            }
        }
    }

    /** First and last name of a row: its own columns, else its full name split. */
    private static String[] rowNames(Map<String, String> v) {
        String first = v.getOrDefault("firstName", "").strip();
        String last = v.getOrDefault("lastName", "").strip();
        if (first.isEmpty() && last.isEmpty() && !v.getOrDefault("fullName", "").isBlank()) {
            String[] split = splitFullName(v.get("fullName").strip());
            first = split[0];
            last = split[1];
        }
        return new String[] {first, last};
    }

    private static Org mostSimilar(List<Org> orgs, String name) {
        Org best = null;
        double bestScore = 0.82;
        for (Org o : orgs) {
            double score = FrenchText.similarity(o.name(), name);
            if (score >= bestScore) {
                best = o;
                bestScore = score;
            }
        }
        return best;
    }

    private static Map<String, String> values(List<Column> columns, List<String> cells) {
        Map<String, String> v = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String field = columns.get(i).field();
            if (!field.equals("ignore")) {
                String cell = i < cells.size() && cells.get(i) != null ? cells.get(i).strip() : "";
                // a value our export protected from running as a formula comes back as it was
                if (cell.length() > 1 && cell.charAt(0) == '\'' && "=+-@".indexOf(cell.charAt(1)) >= 0) {
                    cell = cell.substring(1);
                }
                v.put(field, cell);
            }
        }
        return v;
    }

    /** "Claire MARTIN" or "MARTIN Claire" or "Claire Martin". */
    static String[] splitFullName(String full) {
        String[] words = full.split("\\s+");
        if (words.length == 1) {
            return new String[] {"", words[0]};
        }
        String lastWord = words[words.length - 1];
        if (words[0].length() > 1 && words[0].equals(words[0].toUpperCase(Locale.ROOT))
                && !lastWord.equals(lastWord.toUpperCase(Locale.ROOT))) {
            int i = 0;
            while (i < words.length && words[i].equals(words[i].toUpperCase(Locale.ROOT))) {
                i++;
            }
            return new String[] {String.join(" ", List.of(words).subList(i, words.length)),
                String.join(" ", List.of(words).subList(0, i))};
        }
        return new String[] {words[0], String.join(" ", List.of(words).subList(1, words.length))};
    }

    /** What the row would change on the stored person (non-empty incoming values that differ). */
    private Map<String, Object> differences(Connection c, long personId, Map<String, Object> incoming, Org org)
            throws SQLException {
        Details p = details.get(personId);
        if (p == null) {
            // not read with the others (never expected): read it alone
            Directory.PersonRow row = directory.loadPerson(c, personId).orElseThrow();
            Set<String> roles = new HashSet<>();
            for (Entries.Role r : directory.roles(c, personId)) {
                roles.add(r.organisationId() + "/" + r.role());
            }
            p = new Details(row.firstName(), row.lastName(), row.email(), row.phone(), row.jobTitle(), row.notes(),
                    row.organisationId(), roles);
            if (row.organisationId() != null) {
                organisationNames.putIfAbsent(row.organisationId(), row.organisationName());
            }
            details.put(personId, p);
        }
        Map<String, Object> diff = new TreeMap<>();
        compare(diff, "firstName", p.firstName(), incoming.get("firstName"));
        compare(diff, "lastName", p.lastName(), incoming.get("lastName"));
        compare(diff, "email", p.email(), incoming.get("email"));
        compare(diff, "phone", p.phone(), incoming.get("phone"));
        compare(diff, "jobTitle", p.jobTitle(), incoming.get("jobTitle"));
        compare(diff, "notes", p.notes(), incoming.get("notes"));
        if (org != null && !Objects.equals(org.id(), p.organisationId())) {
            String stored = p.organisationId() == null ? null : organisationNames.get(p.organisationId());
            diff.put("organisation", List.of(stored == null ? "" : stored, org.name()));
        }
        String role = roleCode((String) incoming.get("role"));
        if (role != null && org != null) {
            if (!p.roles().contains(org.id() + "/" + role)) {
                diff.put("role", List.of("", Entries.ROLES.get(role)));
            }
        }
        return diff;
    }

    private static void compare(Map<String, Object> diff, String field, String stored, Object incoming) {
        if (incoming == null || incoming.toString().isBlank()) {
            return;
        }
        String in = incoming.toString().strip();
        boolean same = field.equals("email") ? in.equalsIgnoreCase(stored == null ? "" : stored.strip())
                : field.equals("phone") ? Objects.equals(FrenchText.phone(in), FrenchText.phone(stored)) && FrenchText.phone(in) != null
                        || in.equals(stored)
                : FrenchText.key(in).equals(FrenchText.key(stored)) && in.equals(stored == null ? null : stored.strip());
        if (!same) {
            diff.put(field, java.util.Arrays.asList(stored, in));
        }
    }

    private static String personName(Connection c, long id, Details known) throws SQLException {
        if (known != null) {
            return (known.firstName() + " " + known.lastName()).strip();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT first_name, last_name FROM person WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? (rs.getString(1) + " " + rs.getString(2)).strip() : "";
            }
        }
    }

    /** Stores a merge proposal unless the same one was already made (pending or decided); true when stored. */
    private boolean propose(Connection c, Long reportId, Long personId, String reason, Map<String, Object> incoming)
            throws SQLException {
        Map<String, Object> key = new LinkedHashMap<>(incoming);
        key.remove("row");
        String json = Directory.toJson(key);
        String sql = "SELECT 1 FROM merge_proposal WHERE reason = ? AND incoming = ? AND "
                + (personId == null ? "person_id IS NULL" : "person_id = ?");
        boolean exists = personId == null ? Directory.exists(c, sql, reason, json)
                : Directory.exists(c, sql, reason, json, personId);
        if (exists) {
            return false;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO merge_proposal (import_id, person_id, college_code,"
                + " reason, incoming, status) VALUES (?, ?, ?, ?, ?, 'pending')")) {
            s.setLong(1, reportId);
            Directory.setLong(s, 2, personId);
            s.setString(3, college);
            s.setString(4, reason);
            s.setString(5, json);
            s.executeUpdate();
        }
        return true;
    }

    private Org createOrganisation(Connection c, Map<String, Object> row) throws SQLException {
        String name = (String) row.get("organisation");
        String type = organisationType((String) row.get("organisationType"), name);
        String[] territory = territory((String) row.get("territoryCode"));
        String website = (String) row.get("website");
        if (website != null && !website.matches("(?i)https?://\\S+")) {
            website = website.matches("[\\w.-]+\\.[a-z]{2,}(/\\S*)?") ? "https://" + website : null;
        }
        String siren = (String) row.get("siren");
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO organisation (name, name_key, kind, siren, territory_level,"
                + " territory_code, territory_name, website, search_text, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, name);
            s.setString(2, FrenchText.key(name));
            s.setString(3, type);
            s.setString(4, siren);
            s.setString(5, territory == null ? null : territory[0]);
            s.setString(6, territory == null ? null : territory[1]);
            s.setString(7, territory == null ? null : directory.territoryName(territory[0], territory[1]));
            s.setString(8, website);
            s.setObject(9, Directory.now());
            s.setObject(10, Directory.now());
            s.executeUpdate();
            id = Directory.generatedId(s);
        }
        // the row's collège and kind of membership when the file gives them, else the import's collège
        String joins = row.get("college") != null ? (String) row.get("college") : college;
        if (joins != null) {
            Directory.update(c, "INSERT INTO membership (organisation_id, college_code, kind) VALUES (?, ?, ?)", id, joins,
                    row.get("membership") != null ? (String) row.get("membership") : "member");
        }
        directory.refreshOrganisationSearch(c, id);
        directory.history(c, "organisation", id, access.actor(), "import", Map.of("name", name));
        return new Org(id, name, FrenchText.key(name), siren);
    }

    /** A stored organisation joins a collège named by a row, with the history of the change. */
    private void addMembership(Connection c, long organisationId, String college, String kind) throws SQLException {
        Directory.update(c, "INSERT INTO membership (organisation_id, college_code, kind) VALUES (?, ?, ?)",
                organisationId, college, kind);
        directory.refreshOrganisationSearch(c, organisationId);
        // its people are found by the collège too
        directory.refreshPeopleOfOrganisation(c, organisationId);
        directory.history(c, "organisation", organisationId, access.actor(), "import",
                Map.of("memberships", List.of("", college + " (" + kind + ")")));
        organisationText.remove(organisationId);
    }

    /** The kind of membership a cell names, in French or English; null when it names none. */
    static String membershipKind(String value) {
        String k = FrenchText.key(value);
        if (k.startsWith("membre") || k.equals("member") || k.equals("adherent")) {
            return "member";
        }
        if (k.startsWith("financeur") || k.equals("funder") || k.startsWith("financ")) {
            return "funder";
        }
        if (k.startsWith("partenaire") || k.equals("partner")) {
            return "partner";
        }
        return null;
    }

    static String[] territory(String code) {
        if (code == null) {
            return null;
        }
        String c = code.strip().toUpperCase(Locale.ROOT);
        if (c.matches("\\d{9}")) {
            return new String[] {"epci", c};
        }
        if (c.matches("[0-9][0-9AB][0-9]{3}")) {
            return new String[] {"commune", c};
        }
        if (c.equals("44")) {
            return new String[] {"region", c};
        }
        if (c.matches("\\d{2}")) {
            return new String[] {"departement", c};
        }
        return null;
    }

    static String organisationType(String value, String name) {
        String v = FrenchText.key(value == null || value.isBlank() ? name : value);
        if (Entries.ORGANISATION_TYPES.containsKey(v)) {
            return v;
        }
        if (v.startsWith("commune ") || v.equals("commune") || v.startsWith("ville ") || v.startsWith("mairie")) {
            return "commune";
        }
        if (v.matches("^(epci|cc|ca|cu|communaute|metropole|eurometropole).*")) {
            return "epci";
        }
        if (v.contains("departement")) {
            return "departement";
        }
        if (v.startsWith("region")) {
            return "region";
        }
        if (v.matches("^(etat|service de l etat|prefecture|ddt|dreal|draaf|sgare|dir).*")) {
            return "state-service";
        }
        if (v.matches("^(agence|etablissement public|syndicat|office).*")) {
            return "agency";
        }
        if (v.startsWith("association")) {
            return "association";
        }
        if (v.matches("^(entreprise|societe|bureau d etudes|sarl|sas|sa).*")) {
            return "company";
        }
        return "other";
    }

    static String roleCode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = FrenchText.key(value);
        if (Entries.ROLES.containsKey(v)) {
            return v;
        }
        if (v.contains("referent")) {
            return "referent";
        }
        if (v.contains("techni")) {
            return "technical";
        }
        if (v.startsWith("elu") || v.contains(" elu") || v.contains("maire") || v.contains("president")) {
            return "elected";
        }
        if (v.startsWith("direct") || v.startsWith("dg")) {
            return "director";
        }
        if (v.contains("communication")) {
            return "communication";
        }
        return "other";
    }

    static PersonInput personInput(Map<String, Object> row, Long organisationId) {
        String role = roleCode((String) row.get("role"));
        List<RoleInput> roles = role != null && organisationId != null
                ? List.of(new RoleInput(organisationId, role, role.equals("other") ? (String) row.get("role") : ""))
                : List.of();
        return new PersonInput((String) row.get("firstName"), (String) row.get("lastName"), (String) row.get("email"),
                (String) row.get("phone"), (String) row.get("jobTitle"), organisationId, null, (String) row.get("notes"),
                roles, null, null, null);
    }

    record Proposal(long id, long importId, Long personId, String personName, String college, String reason,
            Map<String, Object> incoming, String status, String decidedBy, java.time.OffsetDateTime decidedAt) {
    }

    static List<Proposal> proposals(Directory directory, Access access, String status) {
        return directory.read(c -> {
            List<Proposal> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT m.id, m.import_id, m.person_id, p.first_name, p.last_name,"
                    + " m.college_code, m.reason, m.incoming, m.status, m.decided_by, m.decided_at FROM merge_proposal m"
                    + " LEFT JOIN person p ON p.id = m.person_id" + (status == null ? "" : " WHERE m.status = ?")
                    + " ORDER BY m.id")) {
                if (status != null) {
                    s.setString(1, status);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        long person = rs.getLong(3);
                        Long personId = rs.wasNull() ? null : person;
                        String college = rs.getString(6);
                        boolean visible = access.isAdmin() || college != null && access.canEditCollege(college)
                                || personId != null && access.canEdit(directory.collegesOfPerson(c, personId));
                        if (!visible) {
                            continue;
                        }
                        out.add(new Proposal(rs.getLong(1), rs.getLong(2), personId,
                                personId == null ? null : (rs.getString(4) + " " + rs.getString(5)).strip(), college,
                                rs.getString(7), Directory.fromJson(rs.getString(8)), rs.getString(9), rs.getString(10),
                                rs.getObject(11, java.time.OffsetDateTime.class)));
                    }
                }
            }
            return out;
        });
    }

    /**
     * An editor's decision on a merge proposal. Accepting merges the row into the stored person (or attaches it to
     * the similar organisation); rejecting keeps them apart: a new person (or organisation) is created, except when
     * the e-mail address is the same, where the row is dropped because one address belongs to one person.
     */
    static Proposal decide(Directory directory, Access access, long proposalId, boolean accept) {
        directory.inTransaction(c -> {
            Long personId;
            String college;
            String reason;
            String status;
            Map<String, Object> incoming;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT person_id, college_code, reason, incoming, status FROM merge_proposal WHERE id = ?")) {
                s.setLong(1, proposalId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        throw Directory.notFound("merge proposal " + proposalId);
                    }
                    long p = rs.getLong(1);
                    personId = rs.wasNull() ? null : p;
                    college = rs.getString(2);
                    reason = rs.getString(3);
                    incoming = Directory.fromJson(rs.getString(4));
                    status = rs.getString(5);
                }
            }
            boolean allowed = access.isAdmin() || college != null && access.canEditCollege(college)
                    || personId != null && access.canEdit(directory.collegesOfPerson(c, personId));
            if (!allowed) {
                throw Directory.problem(403, "only the editors of the collège '" + college + "' or an administrator decide on this proposal");
            }
            if (!status.equals("pending")) {
                throw Directory.problem(409, "this proposal was already " + status);
            }
            ContactImport importer = new ContactImport(directory, access, college);
            importer.apply(c, reason, personId, incoming, accept);
            Directory.update(c, "UPDATE merge_proposal SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                    accept ? "accepted" : "rejected", access.actor(), Directory.now(), proposalId);
            return null;
        });
        return proposals(directory, access, null).stream().filter(p -> p.id() == proposalId).findFirst().orElseThrow();
    }

    private void apply(Connection c, String reason, Long personId, Map<String, Object> row, boolean accept)
            throws SQLException {
        String flags = row.get("flags") == null ? "" : row.get("flags").toString();
        if (reason.equals("similar-organisation")) {
            Long orgId;
            if (accept) {
                orgId = ((Number) row.get("similarOrganisationId")).longValue();
                if (!Directory.exists(c, "SELECT 1 FROM organisation WHERE id = ?", orgId)) {
                    throw Directory.problem(409, "the similar organisation no longer exists: reject the proposal instead");
                }
            } else {
                String key = FrenchText.key((String) row.get("organisation"));
                List<Long> existing = Directory.idsOf(c, "SELECT id FROM organisation WHERE name_key = ?", key);
                orgId = existing.isEmpty() ? createOrganisation(c, row).id() : existing.get(0);
            }
            directory.insertPerson(c, access.actor(), personInput(row, orgId), false, flags);
            return;
        }
        if (!accept) {
            if (reason.equals("same-name-organisation")) {
                Long orgId = directory.loadPerson(c, personId).map(Directory.PersonRow::organisationId).orElse(null);
                directory.insertPerson(c, access.actor(), personInput(row, orgId), false, flags);
            }
            return;
        }
        Directory.PersonRow old = directory.loadPerson(c, personId)
                .orElseThrow(() -> Directory.problem(409, "the person of this proposal no longer exists"));
        Long orgId = old.organisationId();
        String orgName = (String) row.get("organisation");
        if (orgName != null) {
            List<Long> existing = Directory.idsOf(c, "SELECT id FROM organisation WHERE name_key = ?", FrenchText.key(orgName));
            orgId = existing.isEmpty() ? createOrganisation(c, row).id() : existing.get(0);
        }
        PersonInput merged = new PersonInput(pick(row, "firstName", old.firstName()), pick(row, "lastName", old.lastName()),
                pick(row, "email", old.email()), pick(row, "phone", old.phone()), pick(row, "jobTitle", old.jobTitle()),
                orgId, old.account(), pick(row, "notes", old.notes()), null, null, null, null);
        java.util.Map<String, Object> before = new LinkedHashMap<>();
        before.put("email", old.email());
        before.put("phone", old.phone());
        before.put("jobTitle", old.jobTitle());
        directory.writePerson(c, personId, merged, old);
        String role = roleCode((String) row.get("role"));
        if (role != null && orgId != null && !Directory.exists(c,
                "SELECT 1 FROM person_role WHERE person_id = ? AND organisation_id = ? AND role = ?", personId, orgId, role)) {
            Directory.update(c, "INSERT INTO person_role (person_id, organisation_id, role, label) VALUES (?, ?, ?, '')",
                    personId, orgId, role);
        }
        directory.refreshPersonSearch(c, personId);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("email", merged.email());
        after.put("phone", merged.phone());
        after.put("jobTitle", merged.jobTitle());
        Map<String, Object> diff = Directory.diff(before, after);
        diff.put("mergedFrom", "import row " + row.get("row"));
        directory.history(c, "person", personId, access.actor(), "merge", diff);
    }

    private static String pick(Map<String, Object> row, String field, String old) {
        Object v = row.get(field);
        return v == null || v.toString().isBlank() ? old : v.toString();
    }
}
