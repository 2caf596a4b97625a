package fr.datagrandest.plugin.directory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;


/**
 * Fills an empty directory on first start: the collèges, real organisations of Grand Est (région, départements,
 * EPCI, largest communes; see demo/README.md for their source and licence) and synthetic people, marked as such.
 */
final class DemoData {

    static final String[][] COLLEGES = {
        {"region", "Collège Région", "La Région Grand Est, membre fondateur et financeur"},
        {"departements", "Collège des Départements", "Les dix conseils départementaux du Grand Est"},
        {"agglomerations", "Collège des Agglomérations et intercommunalités", "Métropoles, communautés urbaines, d'agglomération et de communes"},
        {"communes", "Collège des Communes", "Les communes membres"},
        {"etat", "Collège des directions régionales de l'État", "SGARE, DREAL, DRAAF et autres services régionaux de l'État"},
        {"ddt", "Collège des DDT", "Les directions départementales des territoires"},
    };

    private static final String[] FIRST_NAMES = {"Camille", "Claire", "Julien", "Sophie", "Thomas", "Nathalie",
        "Nicolas", "Isabelle", "Mathieu", "Céline", "Antoine", "Élodie", "Pierre", "Aurélie", "Laurent", "Hélène",
        "Sébastien", "Émilie", "François", "Léa", "Guillaume", "Manon", "Jérôme", "Chloé", "Olivier", "Inès"};
    private static final String[] LAST_NAMES = {"Martin", "Bernard", "Petit", "Durand", "Lefèvre", "Moreau",
        "Laurent", "Simon", "Michel", "Garcia", "Roux", "Fournier", "Girard", "Bonnet", "Mercier", "Faure", "André",
        "Schmitt", "Muller", "Klein", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schneider", "Huber"};

    private final Directory directory;

    DemoData(Directory directory) {
        this.directory = directory;
    }

    /** Adds the demo content when the directory holds no collège and no organisation; the number of organisations added. */
    int seedIfEmpty() throws SQLException {
        return directory.inTransaction(c -> {
            if (Directory.exists(c, "SELECT 1 FROM college") || Directory.exists(c, "SELECT 1 FROM organisation")) {
                return 0;
            }
            for (String[] college : COLLEGES) {
                Directory.update(c, "INSERT INTO college (code, name, description) VALUES (?, ?, ?)",
                        college[0], college[1], college[2]);
            }
            Random random = new Random(44);
            List<String[]> rows = organisations();
            List<Long> ids = new ArrayList<>();
            for (String[] row : rows) {
                ids.add(insertOrganisation(c, row));
            }
            for (int i = 0; i < rows.size(); i++) {
                addPeople(c, ids.get(i), rows.get(i), random, i);
            }
            for (long id : ids) {
                directory.refreshOrganisationSearch(c, id);
            }
            addGroups(c);
            return rows.size();
        });
    }

    private static List<String[]> organisations() {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = DemoData.class.getResourceAsStream("demo/organisations.csv");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    rows.add(line.split(";", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private long insertOrganisation(Connection c, String[] row) throws SQLException {
        String type = row[0];
        String epciKind = type.startsWith("epci:") ? type.substring(5) : null;
        String kind = epciKind != null ? "epci" : type;
        String name = row[3];
        String display = switch (kind) {
            case "departement" -> "Conseil départemental " + article(name);
            case "commune" -> "Ville de " + name;
            default -> name;
        };
        String level = kind;
        OffsetDateTime now = Directory.now();
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO organisation (name, name_key, kind, siren, territory_level,"
                + " territory_code, territory_name, website, search_text, synthetic, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, NULL, '', FALSE, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, display);
            s.setString(2, FrenchText.key(display));
            s.setString(3, kind);
            s.setString(4, row[2].isEmpty() ? null : row[2]);
            s.setString(5, level);
            s.setString(6, row[1]);
            s.setString(7, name);
            s.setObject(8, now);
            s.setObject(9, now);
            s.executeUpdate();
            id = Directory.generatedId(s);
        }
        LocalDate since = LocalDate.of(2012 + (int) (id % 10), 1, 1);
        switch (kind) {
            case "region" -> {
                membership(c, id, "region", "member", LocalDate.of(2012, 1, 1));
                membership(c, id, "region", "funder", LocalDate.of(2012, 1, 1));
            }
            case "departement" -> {
                membership(c, id, "departements", "member", since);
                if (id % 2 == 0) {
                    membership(c, id, "departements", "funder", since);
                }
            }
            case "epci" -> membership(c, id, "agglomerations", "CC".equals(epciKind) ? "partner" : "member", since);
            case "commune" -> membership(c, id, "communes", id % 3 == 0 ? "member" : "partner", since);
            default -> {
            }
        }
        return id;
    }

    private static String article(String departement) {
        String key = FrenchText.key(departement);
        if (key.startsWith("bas rhin") || key.startsWith("haut rhin")) {
            return "du " + departement;
        }
        if (key.startsWith("ardennes") || key.startsWith("vosges")) {
            return "des " + departement;
        }
        if (key.startsWith("a") || key.startsWith("e") || key.startsWith("i") || key.startsWith("o")
                || key.startsWith("u")) {
            return "de l'" + departement;
        }
        if (key.startsWith("meurthe")) {
            return "de " + departement;
        }
        return "de la " + departement;
    }

    private static void membership(Connection c, long organisation, String college, String kind, LocalDate since)
            throws SQLException {
        Directory.update(c, "INSERT INTO membership (organisation_id, college_code, kind, since) VALUES (?, ?, ?, ?)",
                organisation, college, kind, java.sql.Date.valueOf(since));
    }

    /** What the search text of a demo person needs to know about their organisation. */
    private record OrganisationText(long id, String name, String territory, String code, String college) {
    }

    private void addPeople(Connection c, long organisation, String[] row, Random random, int index) throws SQLException {
        String college = switch (row[0].startsWith("epci:") ? "epci" : row[0]) {
            case "region" -> "region";
            case "departement" -> "departements";
            case "epci" -> "agglomerations";
            default -> "communes";
        };
        String name;
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM organisation WHERE id = ?")) {
            s.setLong(1, organisation);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                rs.next();
                name = rs.getString(1);
            }
        }
        OrganisationText org = new OrganisationText(organisation, name, row[3], row[1], college);
        boolean large = !row[0].equals("commune") || index % 4 == 0;
        addPerson(c, org, random, index, "referent", "Référent·e DataGrandEst", "Chargé·e de mission SIG");
        if (large) {
            addPerson(c, org, random, index + 1000, "technical", "Administrateur·rice de données", "Technicien·ne SIG");
        }
        if (row[0].equals("departement") || row[0].equals("region")) {
            addPerson(c, org, random, index + 2000, "elected", "Élu·e délégué·e au numérique", "Vice-président·e");
        }
    }

    /** Written directly (not through the API path) so that the first start stays quick. */
    private void addPerson(Connection c, OrganisationText org, Random random, int seed, String role, String roleLabel,
            String jobTitle) throws SQLException {
        String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
        String email = FrenchText.key(first).replace(' ', '-') + "." + FrenchText.key(last).replace(' ', '-') + "." + seed
                + "@demo-datagrandest.invalid";
        String phone = String.format("03 53 48 %02d %02d", random.nextInt(100), random.nextInt(100));
        String collegeName = "";
        for (String[] college : COLLEGES) {
            if (college[0].equals(org.college())) {
                collegeName = college[1];
            }
        }
        String search = " " + FrenchText.key(String.join(" ", first, last, jobTitle, org.name(), Entries.ROLES.get(role),
                roleLabel, org.name(), org.territory(), org.code(), org.college(), collegeName)) + " ";
        OffsetDateTime now = Directory.now();
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO person (first_name, last_name, name_key, email, email_key,"
                + " phone, job_title, organisation_id, notes, flags, purpose, consent_at, consent_text, synthetic,"
                + " search_text, created_at, updated_at, last_activity_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, TRUE, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, first);
            s.setString(2, last);
            s.setString(3, FrenchText.key(first + " " + last));
            s.setString(4, email);
            s.setString(5, email);
            s.setString(6, phone);
            s.setString(7, jobTitle);
            s.setLong(8, org.id());
            s.setString(9, "Personne fictive (données de démonstration)");
            s.setString(10, directory.config().purpose());
            s.setObject(11, now);
            s.setString(12, "Personne fictive : consentement de démonstration");
            s.setString(13, search);
            s.setObject(14, now);
            s.setObject(15, now);
            s.setObject(16, now);
            s.executeUpdate();
            id = Directory.generatedId(s);
        }
        Directory.update(c, "INSERT INTO person_role (person_id, organisation_id, role, label) VALUES (?, ?, ?, ?)",
                id, org.id(), role, roleLabel);
    }

    private static void addGroups(Connection c) throws SQLException {
        String[][] groups = {
            {"GT Adresse", "departements", "gt-adresse@listes.demo-datagrandest.invalid", "Base adresse locale et BAN"},
            {"GT Occupation du sol", "agglomerations", "gt-ocs@listes.demo-datagrandest.invalid", "OCS GE et artificialisation"},
            {"GT PCRS", "communes", "gt-pcrs@listes.demo-datagrandest.invalid", "Plan de corps de rue simplifié"},
        };
        for (String[] g : groups) {
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO working_group (name, college_code, mailing_list, description)"
                    + " VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                s.setString(1, g[0]);
                s.setString(2, g[1]);
                s.setString(3, g[2]);
                s.setString(4, g[3]);
                s.executeUpdate();
                id = Directory.generatedId(s);
            }
            Directory.update(c, "INSERT INTO group_member (group_id, person_id) SELECT DISTINCT ?, r.person_id"
                    + " FROM person_role r JOIN membership m ON m.organisation_id = r.organisation_id"
                    + " WHERE m.college_code = ? AND r.role = 'referent'", id, g[1]);
        }
    }
}
