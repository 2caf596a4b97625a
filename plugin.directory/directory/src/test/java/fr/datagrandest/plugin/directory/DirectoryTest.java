package fr.datagrandest.plugin.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.plugin.directory.Entries.Membership;
import fr.datagrandest.plugin.directory.Entries.Organisation;
import fr.datagrandest.plugin.directory.Entries.Person;
import fr.datagrandest.plugin.directory.Entries.PersonInput;
import fr.datagrandest.plugin.directory.Entries.RoleInput;
import jakarta.ws.rs.WebApplicationException;

/**
 * The directory on a real H2 database (PostgreSQL mode, as the kernel runs it) with the shipped migration and demo
 * data: search, rights, history, import with duplicates and merge proposals, erasure and retention.
 */
class DirectoryTest {

    static final Access ADMIN = Access.of(new UserIdentity("admin", Set.of(Roles.PLATFORM_ADMIN), Set.of()));
    static final Access DEPARTEMENTS = Access.of(new UserIdentity("ref-dep", Set.of(Roles.EDITOR), Set.of("departements")));
    static final Access READER = Access.of(new UserIdentity("lecteur", Set.of(Roles.READER), Set.of()));

    DataSource dataSource;
    /** On PostgreSQL: the schema of this test, dropped after it. */
    String schema;
    Directory directory;

    @BeforeEach
    void database() throws Exception {
        // the same tests on PostgreSQL when one is given (as the kernel's tests: DGE_TEST_POSTGRES_URL, _USER,
        // _PASSWORD), in a schema of their own; else on H2 in PostgreSQL mode, as the embedded storage runs it
        String postgres = System.getenv("DGE_TEST_POSTGRES_URL");
        List<String> migrations;
        if (postgres != null && !postgres.isBlank()) {
            schema = "directory_test_" + UUID.randomUUID().toString().replace("-", "");
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(postgres);
            pg.setUser(System.getenv("DGE_TEST_POSTGRES_USER"));
            pg.setPassword(System.getenv("DGE_TEST_POSTGRES_PASSWORD"));
            try (Connection c = pg.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            pg.setCurrentSchema(schema);
            dataSource = pg;
            migrations = List.of("/db/migration/V1__directory.sql", "/db/migration/V3__ldap.sql",
                    "/db/migration/V4__erasure.sql");
        } else {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
            dataSource = h2;
            migrations = List.of("/db/migration/V1__directory.sql", "/db/migration/h2/V2__identity_cache.sql",
                    "/db/migration/V3__ldap.sql", "/db/migration/V4__erasure.sql");
        }
        for (String migration : migrations) {
            try (InputStream in = Directory.class.getResourceAsStream(migration);
                    Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
                for (String statement : sql.split(";")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
        }
        directory = new Directory(dataSource, config(36));
    }

    @AfterEach
    void close() throws SQLException {
        directory.deactivate();
        if (schema != null) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** Builds the search index now (waiting for the one started in the background). */
    void buildIndex() throws Exception {
        while (directory.searchIndex().rebuild() < 0) {
            Thread.sleep(20);
        }
    }

    static DirectoryConfiguration config(int retentionMonths) {
        return new DirectoryConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DirectoryConfiguration.class;
            }

            @Override
            public int maxImportMiB() {
                return 1;
            }

            @Override
            public int maxImportRows() {
                return 1000;
            }

            @Override
            public int retentionMonths() {
                return retentionMonths;
            }

            @Override
            public int retentionCheckHours() {
                return 24;
            }

            @Override
            public boolean demoData() {
                return true;
            }

            @Override
            public int searchIndexRebuildMinutes() {
                return 0;
            }

            @Override
            public String purpose() {
                return "Annuaire de test";
            }
        };
    }

    Organisation organisation(String query) {
        return directory.searchOrganisations(query, null, null, null, 0, 1).items().get(0);
    }

    @Test
    void theDemoDataAreRealOrganisationsWithSyntheticPeopleAddedOnce() throws Exception {
        assertEquals(6, directory.colleges().size());
        assertEquals(241, directory.searchOrganisations(null, null, null, null, 0, 1).total());
        Organisation ems = organisation("eurometropole strasbourg");
        assertEquals("246700488", ems.siren());
        assertFalse(ems.referents().isEmpty());
        assertTrue(directory.searchPeople(ADMIN, null, null, null, null, 0, 500).items().stream()
                .allMatch(p -> Boolean.TRUE.equals(p.synthetic()) && p.email().endsWith(".invalid")));
        new Directory(dataSource, config(36));
        assertEquals(241, directory.searchOrganisations(null, null, null, null, 0, 1).total());
    }

    @Test
    void searchIgnoresAccentsAndCoversOrganisationCollegeRoleAndTerritory() {
        var people = directory.searchPeople(READER, "RÉFÉRENT bas-rhin", null, null, null, 0, 50);
        assertTrue(people.total() >= 1);
        for (Person p : people.items()) {
            assertTrue(p.roles().stream().anyMatch(r -> r.role().equals("referent")), p.toString());
            assertNull(p.email(), "a reader does not see e-mail addresses");
            assertNull(p.phone());
        }
        assertTrue(directory.searchOrganisations("saint die", null, null, null, 0, 5).items().stream()
                .anyMatch(o -> o.name().equals("Ville de Saint-Dié-des-Vosges")));
        assertEquals(10, directory.searchOrganisations("college des departements", null, null, null, 0, 50).total());
        assertTrue(directory.searchPeople(READER, null, "departements", "referent", null, 0, 50).total() >= 10);
    }

    @Test
    void aLargeImportWritesInBatchesAndStillFindsTheRowsRepeatedAcrossBatches() throws Exception {
        buildIndex();
        Organisation moselle = organisation("conseil departemental moselle");
        // 700 people, then 250 repeats of earlier rows (by e-mail, or by name in the same organisation when the row
        // has no address), several batches apart or in the same batch
        StringBuilder file = new StringBuilder("Prénom;Nom;Courriel;Organisation;Rôle\n");
        List<String> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 700; i++) {
            String row = "Lot" + i + ";Personne-" + i + ";" + (i % 3 == 0 ? "" : "lot." + i + "@exemple.invalid") + ";"
                    + "Conseil départemental de la Moselle;" + (i % 5 == 0 ? "technique" : "") + "\n";
            rows.add(row);
            file.append(row);
            if (i % 3 == 1) {
                file.append(rows.get((i * 7) % rows.size()));
            }
        }
        long people = scalar("SELECT COUNT(*) FROM person");
        long history = scalar("SELECT COUNT(*) FROM entry_history");
        ContactImport.Report done = new ContactImport(directory, DEPARTEMENTS, "departements")
                .run(csv(file.toString()), Map.of(), "lot.csv", "x", false);
        assertEquals(700, done.created(), done.summary());
        assertEquals(0, done.proposals(), done.summary());
        assertEquals(people + 700, scalar("SELECT COUNT(*) FROM person"));
        assertEquals(history + 700, scalar("SELECT COUNT(*) FROM entry_history"), "one history entry per new person");
        assertEquals(140, scalar("SELECT COUNT(*) FROM person_role r JOIN person p ON p.id = r.person_id"
                + " WHERE p.first_name LIKE 'Lot%' AND r.role = 'technical' AND r.organisation_id = " + moselle.id()));
        // each new person has their own row and e-mail, and is found at once
        assertEquals(List.of("lot.698@exemple.invalid"), directory.searchPeople(ADMIN, "lot698 personne 698", null, null,
                null, 0, 5).items().stream().map(Person::email).toList());
        assertEquals(700, directory.searchPeople(ADMIN, "personne", null, null, moselle.id(), 0, 1).total());

        ContactImport.Report again = new ContactImport(directory, DEPARTEMENTS, "departements")
                .run(csv(file.toString()), Map.of(), "lot.csv", "x", false);
        assertEquals(0, again.created(), again.summary());
        assertEquals(0, again.proposals(), again.summary());
        assertEquals(people + 700, scalar("SELECT COUNT(*) FROM person"), "importing the same file again changes nothing");
    }

    @Test
    void theSearchIndexAnswersLikeTheDatabaseAndFollowsEveryChangeAtOnce() throws Exception {
        // the same searches through the index and through a scan of the database: a query word begins a word
        buildIndex();
        assertTrue(directory.searchIndex().ready());
        Organisation moselle = organisation("conseil departemental moselle");
        for (String q : List.of("", "referent", "RÉFÉRENT bas-rhin", "mos", "saint die", "departements", "zzz", "eferent")) {
            for (String college : new String[] {null, "departements"}) {
                for (String role : new String[] {null, "referent"}) {
                    String where = " WHERE 1=1";
                    for (String w : FrenchText.words(q)) {
                        where += " AND p.search_text LIKE '% " + w + "%'";
                    }
                    if (college != null) {
                        where += " AND EXISTS (SELECT 1 FROM membership m WHERE m.college_code = '" + college + "'"
                                + " AND (m.organisation_id = p.organisation_id OR m.organisation_id IN"
                                + " (SELECT r.organisation_id FROM person_role r WHERE r.person_id = p.id)))";
                    }
                    if (role != null) {
                        where += " AND EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id AND r.role = '" + role + "')";
                    }
                    String what = q + " / " + college + " / " + role;
                    var indexed = directory.searchPeople(ADMIN, q, college, role, null, 3, 7);
                    assertEquals(scalar("SELECT COUNT(*) FROM person p" + where), indexed.total(), what);
                    assertEquals(column("SELECT p.id FROM person p" + where + " ORDER BY p.name_key, p.id LIMIT 7 OFFSET 3"),
                            ids(indexed), what);
                }
            }
            String orgWhere = " WHERE 1=1";
            for (String w : FrenchText.words(q)) {
                orgWhere += " AND o.search_text LIKE '% " + w + "%'";
            }
            var orgs = directory.searchOrganisations(q, null, null, null, 0, 500);
            assertEquals(scalar("SELECT COUNT(*) FROM organisation o" + orgWhere), orgs.total(), q);
            assertEquals(Set.copyOf(column("SELECT o.id FROM organisation o" + orgWhere)),
                    Set.copyOf(orgs.items().stream().map(Organisation::id).toList()), q);
        }
        assertEquals(List.of(moselle.id()), directory.searchOrganisations("conseil departemental moselle", null,
                "departement", "departement:57", 0, 5).items().stream().map(Organisation::id).toList());
        assertTrue(directory.searchPeople(READER, null, null, null, moselle.id(), 0, 50).total() > 0);
        assertTrue(directory.searchPeople(READER, "referent", null, null, null, 0, 5).total() > 5);
        assertTrue(directory.searchIndex().searchPeople(FrenchText.words("referent"), null, null, null, 0, 5) != null,
                "the index answers");

        // every write shows in the next search, without a rebuild
        Person added = directory.createPerson(ADMIN, new PersonInput("Zoé", "Quénéhervé", null, null, null, moselle.id(),
                null, null, null, null, null, null));
        assertEquals(List.of(added.id()), ids(directory.searchPeople(READER, "zoe queneherve moselle", null, null, null, 0, 5)));
        assertEquals(List.of(added.id()), ids(directory.searchPeople(READER, "quene", "departements", null, moselle.id(), 0, 5)));
        directory.updatePerson(ADMIN, added.id(), new PersonInput("Zoé", "Kerjean", null, null, null, moselle.id(),
                null, null, null, null, null, null));
        assertEquals(0, directory.searchPeople(READER, "queneherve", null, null, null, 0, 5).total());
        assertEquals(List.of(added.id()), ids(directory.searchPeople(READER, "zoé kerjean", null, null, null, 0, 5)));
        // a private field is not searchable
        directory.updatePerson(ADMIN, added.id(), new PersonInput("Zoé", "Kerjean", "zoe.secret@example.invalid", null,
                null, moselle.id(), null, null, null, null, null, null));
        assertEquals(0, directory.searchPeople(ADMIN, "secret", null, null, null, 0, 5).total());
        // the same page for two callers: each sees the fields their rights allow (views are kept between searches)
        assertEquals("zoe.secret@example.invalid", directory.searchPeople(ADMIN, "zoe kerjean", null, null, null, 0, 5)
                .items().get(0).email());
        assertNull(directory.searchPeople(READER, "zoe kerjean", null, null, null, 0, 5).items().get(0).email());
        assertEquals("zoe.secret@example.invalid", directory.searchPeople(ADMIN, "zoe kerjean", null, null, null, 0, 5)
                .items().get(0).email());
        directory.erase(ADMIN, added.id(), "test");
        assertEquals(0, directory.searchPeople(READER, "kerjean", null, null, null, 0, 5).total());
        assertEquals(0, directory.searchIndex().searchPeople(List.of("kerjean"), null, null, null, 0, 5).total(),
                "removed from the index by the erasure");
        buildIndex();
        assertEquals(scalar("SELECT COUNT(*) FROM person"), directory.searchPeople(ADMIN, null, null, null, null, 0, 1).total(),
                "a rebuild finds everybody again");

        // organisation pages come from views kept between searches: a change shows in the next search
        Organisation shown = directory.searchOrganisations("conseil departemental moselle", null, null, null, 0, 1).items().get(0);
        assertEquals(moselle.id(), shown.id());
        directory.updateOrganisation(ADMIN, moselle.id(), new Entries.OrganisationInput("Département de la Moselle",
                shown.type(), shown.siren(), shown.siret(), shown.territory().level(), shown.territory().code(),
                shown.website(), shown.memberships().stream().map(m -> new Entries.MembershipInput(m.college(), m.kind(),
                        m.since(), m.until())).toList()));
        assertEquals("Département de la Moselle", directory.searchOrganisations("moselle", null, null, "departement:57", 0, 5)
                .items().get(0).name());
        Person referent = directory.createPerson(ADMIN, new PersonInput("Ana", "Referente", null, null, null, moselle.id(),
                null, null, List.of(new RoleInput(moselle.id(), "referent", null)), null, null, null));
        assertTrue(directory.searchOrganisations("departement moselle", null, null, "departement:57", 0, 1).items().get(0).referents()
                .stream().anyMatch(r -> r.id() == referent.id()), "a new referent shows on the organisation at once");
    }

    private long scalar(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Long> column(String sql) throws SQLException {
        List<Long> out = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement(); var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static List<Long> ids(Entries.Page<Person> page) {
        return page.items().stream().map(Person::id).toList();
    }

    @Test
    void editorsChangeTheirCollegeOnlyAndPeopleTheirOwnContactDetails() {
        Organisation moselle = organisation("conseil departemental moselle");
        Organisation colmar = organisation("colmar agglomeration");
        Person added = directory.createPerson(DEPARTEMENTS, new PersonInput("Inès", "Weber", "ines.weber@exemple.invalid",
                "03 53 48 11 22", "Géomaticienne", moselle.id(), "ines", null,
                List.of(new RoleInput(moselle.id(), "technical", "")), null, true, null));
        assertEquals("ines.weber@exemple.invalid", added.email(), "an editor sees the private fields of their collège");
        assertNotNull(added.consentAt());

        Person colmarReferent = directory.searchPeople(ADMIN, null, null, "referent", colmar.id(), 0, 1).items().get(0);
        WebApplicationException refused = assertThrows(WebApplicationException.class, () -> directory.updatePerson(
                DEPARTEMENTS, colmarReferent.id(), new PersonInput("X", "Y", null, null, null, colmar.id(), null, null,
                        null, null, null, null)));
        assertEquals(403, refused.getResponse().getStatus());
        assertNull(directory.person(DEPARTEMENTS, colmarReferent.id()).orElseThrow().email());
        assertEquals(403, assertThrows(WebApplicationException.class, () -> directory.createPerson(DEPARTEMENTS,
                new PersonInput("A", "B", null, null, null, colmar.id(), null, null, null, null, null, null)))
                .getResponse().getStatus());

        Access ines = Access.of(new UserIdentity("ines", Set.of(Roles.READER), Set.of()));
        Person self = directory.updatePerson(ines, added.id(), new PersonInput("Inès", "Weber", "ines.weber@exemple.invalid",
                "03 53 48 99 99", "Géomaticienne", null, null, null, null, null, null, null));
        assertEquals("03 53 48 99 99", self.phone());
        assertEquals(403, assertThrows(WebApplicationException.class, () -> directory.updatePerson(ines, added.id(),
                new PersonInput("Inès", "Weber", null, null, null, colmar.id(), null, null, null, null, null, null)))
                .getResponse().getStatus());
        var history = directory.history(ines, "person", added.id());
        assertEquals(List.of("create", "update"), history.stream().map(Entries.HistoryEntry::action).toList());
        assertEquals(List.of("03 53 48 11 22", "03 53 48 99 99"), history.get(1).changes().get("phone"));
        assertEquals("ines", history.get(1).actor());
        assertEquals(403, assertThrows(WebApplicationException.class,
                () -> directory.history(READER, "person", added.id())).getResponse().getStatus());
    }

    SpreadsheetFile.Table csv(String text) {
        return SpreadsheetFile.readCsv(text.getBytes(Charset.forName("windows-1252")), null, 1000);
    }

    @Test
    void anImportPreviewsDuplicatesThenWritesOnlyWhatIsCertainAndASecondRunChangesNothing() throws SQLException {
        Person existing = directory.searchPeople(ADMIN, null, null, "referent", organisation("conseil departemental moselle").id(), 0, 1)
                .items().get(0);
        String file = "Prénom;Nom;Courriel;Téléphone;Organisation;Rôle;Remarque\n"
                + "Élodie;Lefèvre;elodie.lefevre@exemple.invalid;03 53 48 00 01;Conseil départemental de la Moselle;technique;\n"
                + "Élodie;LEFEVRE;elodie.lefevre@exemple.invalid;;Conseil départemental de la Moselle;;copie\n"
                + "Paul;Sans Adresse;paul@@exemple;0353;Conseil départemental de la Moselle;;\n"
                + existing.firstName() + ";" + existing.lastName() + ";" + existing.email() + ";03 53 48 77 77;;;\n"
                + "Hugo;Klein;hugo.klein@exemple.invalid;;Conseil departemental de Moselle;;\n"
                + ";;;;;;\n"
                + ";;sans.nom@exemple.invalid;;;;\n";
        long before = directory.searchPeople(ADMIN, null, null, null, null, 0, 1).total();

        ContactImport.Report preview = new ContactImport(directory, DEPARTEMENTS, "departements")
                .run(csv(file), Map.of(), "contacts.csv", "x", true);
        assertEquals(before, directory.searchPeople(ADMIN, null, null, null, null, 0, 1).total(), "a dry run writes nothing");
        assertTrue(preview.encoding().startsWith("Windows-1252"));
        assertEquals(List.of("Remarque"), preview.unknownColumns());
        assertEquals(6, preview.rows());
        assertEquals(2, preview.created(), "Élodie once and Paul; Hugo waits for a decision on his organisation");
        assertEquals(List.of("email", "phone"), preview.flagged().stream().map(ContactImport.Flag::field).toList());
        assertEquals(4, preview.flagged().get(0).row());
        assertEquals(List.of(8), preview.errors().stream().map(ContactImport.RowError::row).toList());
        assertTrue(preview.duplicates().stream().anyMatch(d -> d.reason().equals("duplicate-in-file") && d.row() == 3
                && d.sameAsRow() == 2));
        assertTrue(preview.duplicates().stream().anyMatch(d -> d.reason().equals("same-email") && d.row() == 5
                && d.existingPersonId() == existing.id() && d.differences().containsKey("phone")));
        assertTrue(preview.duplicates().stream().anyMatch(d -> d.reason().equals("similar-organisation") && d.row() == 6));

        ContactImport.Report done = new ContactImport(directory, DEPARTEMENTS, "departements")
                .run(csv(file), Map.of(), "contacts.csv", "x", false);
        assertEquals(2, done.created(), done.toString());
        assertEquals(3, done.proposals(), done.toString());
        Person paul = directory.searchPeople(ADMIN, "sans adresse", null, null, null, 0, 1).items().get(0);
        assertEquals(List.of("invalid-email", "invalid-phone"), paul.flags(), "the row is kept for correction");
        assertEquals("paul@@exemple", paul.email());

        ContactImport.Report again = new ContactImport(directory, DEPARTEMENTS, "departements")
                .run(csv(file), Map.of(), "contacts.csv", "x", false);
        assertEquals(0, again.created(), again.toString());
        assertEquals(0, again.proposals(), again.toString());
        assertEquals(3, again.alreadyProposed());
        assertEquals(before + 2, directory.searchPeople(ADMIN, null, null, null, null, 0, 1).total());

        var pending = ContactImport.proposals(directory, DEPARTEMENTS, "pending");
        assertEquals(3, pending.size());
        var phoneChange = pending.stream().filter(p -> p.reason().equals("same-email")
                && existing.id() == p.personId()).findFirst().orElseThrow();
        ContactImport.decide(directory, DEPARTEMENTS, phoneChange.id(), true);
        assertEquals("03 53 48 77 77", directory.person(ADMIN, existing.id()).orElseThrow().phone());
        var similar = pending.stream().filter(p -> p.reason().equals("similar-organisation")).findFirst().orElseThrow();
        ContactImport.decide(directory, DEPARTEMENTS, similar.id(), true);
        Person hugo = directory.searchPeople(ADMIN, "hugo klein", null, null, null, 0, 1).items().get(0);
        assertEquals("Conseil départemental de la Moselle", hugo.organisation().name());
        assertEquals(409, assertThrows(WebApplicationException.class,
                () -> ContactImport.decide(directory, DEPARTEMENTS, similar.id(), false)).getResponse().getStatus());
        Access agglomerations = Access.of(new UserIdentity("ref-agglo", Set.of(Roles.EDITOR), Set.of("agglomerations")));
        var last = ContactImport.proposals(directory, DEPARTEMENTS, "pending").get(0);
        assertEquals(403, assertThrows(WebApplicationException.class,
                () -> ContactImport.decide(directory, agglomerations, last.id(), true)).getResponse().getStatus());
    }

    @Test
    void aPreviewComparesEachMatchingRowWithTheStoredPersonTheirOrganisationAndRoles() {
        Person existing = directory.searchPeople(ADMIN, null, null, "referent", organisation("conseil departemental moselle").id(), 0, 1)
                .items().get(0);
        String name = existing.firstName() + ";" + existing.lastName() + ";" + existing.email() + ";";
        // one file per case (in one file, rows with the same address are duplicates of each other)
        java.util.function.Function<String, ContactImport.Report> preview = row -> new ContactImport(directory, ADMIN,
                "departements").run(csv("Prénom;Nom;Courriel;Organisation;Rôle\n" + name + row + "\n"), Map.of(), "f.csv", "x", true);
        assertEquals(1, preview.apply("Conseil départemental de la Moselle;référent").unchanged(), "all as stored");
        ContactImport.Duplicate role = preview.apply("Conseil départemental de la Moselle;technique").duplicates().get(0);
        assertEquals(Map.of("role", List.of("", "Contact technique")), role.differences(), "a role they do not have");
        assertEquals(existing.name(), role.existingName());
        assertEquals("same-email", role.reason());
        assertEquals(Map.of("organisation", List.of("Conseil départemental de la Moselle", "Conseil départemental du Bas-Rhin")),
                preview.apply("Conseil départemental du Bas-Rhin;").duplicates().get(0).differences(), "another organisation");
    }

    @Test
    void rowsNameTheCollegeAndKindOfMembershipOfTheirOrganisation() {
        String file = "Prénom;Nom;Courriel;Organisation;Collège;Adhésion\n"
                + "Anne;Ferry;anne.ferry@exemple.invalid;Syndicat mixte du SCoT de test;Collège des Agglomérations et intercommunalités;Financeur\n"
                + "Bruno;Marx;bruno.marx@exemple.invalid;Conseil départemental de la Moselle;agglomerations;partenaire\n"
                + "Chloé;Petit;chloe.petit@exemple.invalid;Agence de test;region;mécène\n"
                + "Denis;Roy;denis.roy@exemple.invalid;Agence inconnue;college-qui-n-existe-pas;\n"
                + "Emma;Hess;emma.hess@exemple.invalid;Syndicat mixte du SCoT de test;agglomerations;financeur\n"
                + "Félix;Kern;felix.kern@exemple.invalid;Syndicat mixte du SCoT de test;communes;membre\n";
        ContactImport.Report preview = new ContactImport(directory, ADMIN, "departements").run(csv(file), Map.of(), "f.csv", "x", true);
        assertEquals(List.of("college", "membership"), preview.columns().stream().skip(4).map(ContactImport.Column::field).toList(),
                "Collège and Adhésion are recognised without a mapping");
        assertEquals(5, preview.created(), preview.summary());
        assertEquals(1, preview.membershipsAdded(), "the Moselle joins the agglomerations");
        assertEquals(List.of(5), preview.errors().stream().map(ContactImport.RowError::row).toList(), "unknown collège");
        assertTrue(preview.flagged().stream().anyMatch(f -> f.row() == 4 && f.field().equals("membership")), preview.flagged().toString());

        ContactImport.Report done = new ContactImport(directory, ADMIN, "departements").run(csv(file), Map.of(), "f.csv", "x", false);
        assertEquals(5, done.created(), done.summary());
        Organisation scot = organisation("syndicat mixte scot test");
        assertEquals(List.of("agglomerations/funder", "communes/member"), scot.memberships().stream()
                .map(m -> m.college() + "/" + m.kind()).sorted().toList(), "once per collège, whatever the number of rows");
        assertEquals(List.of("region/member"), organisation("agence de test").memberships().stream()
                .map(m -> m.college() + "/" + m.kind()).toList(), "an unknown kind is flagged and taken as member");
        Organisation moselle = organisation("conseil departemental moselle");
        assertTrue(moselle.memberships().stream().anyMatch(m -> m.college().equals("agglomerations") && m.kind().equals("partner")));
        assertEquals(List.of(moselle.id()), directory.searchOrganisations("conseil departemental moselle", "agglomerations",
                null, null, 0, 5).items().stream().map(Organisation::id).toList(), "found in its new collège at once");
        assertTrue(directory.history(ADMIN, "organisation", moselle.id()).stream().anyMatch(h -> h.changes().containsKey("memberships")));

        ContactImport.Report again = new ContactImport(directory, ADMIN, "departements").run(csv(file), Map.of(), "f.csv", "x", false);
        assertEquals(0, again.created() + again.membershipsAdded() + again.proposals(), "importing again changes nothing: " + again.summary());

        // a collège referent imports into their own collèges only, row by row
        ContactImport.Report dep = new ContactImport(directory, DEPARTEMENTS, "departements").run(csv("Nom;Organisation;Collège\n"
                + "Zeller;Agence de test 2;agglomerations\nYvon;Agence de test 3;departements\n"), Map.of(), "f.csv", "x", false);
        assertEquals(1, dep.created(), dep.summary());
        assertTrue(dep.errors().get(0).problem().contains("you may not import contacts into the collège 'agglomerations'"));
        // and a map= names a column that does not say so
        ContactImport.Report mapped = new ContactImport(directory, ADMIN, null).run(csv("Nom;Organisation;Groupe\n"
                + "Xavier;Agence de test 4;ddt\n"), Map.of("Groupe", "college"), "f.csv", "x", false);
        assertEquals(List.of("ddt"), organisation("agence de test 4").memberships().stream().map(Membership::college).toList(),
                mapped.summary());
    }

    @Test
    void theFormsOfferTheOrganisationsOfTheEditorsCollegesOnly() {
        var ofDepartements = directory.organisationChoices(DEPARTEMENTS);
        assertEquals(10, ofDepartements.size(), ofDepartements.toString());
        assertTrue(ofDepartements.stream().anyMatch(o -> o.name().equals("Conseil départemental de la Moselle")));
        assertEquals(directory.searchOrganisations(null, null, null, null, 0, 1).total(),
                directory.organisationChoices(ADMIN).size());
        assertTrue(directory.organisationChoices(READER).isEmpty());
    }

    @Test
    void anEditorImportsIntoTheirOwnCollegeOnly() {
        WebApplicationException e = assertThrows(WebApplicationException.class,
                () -> new ContactImport(directory, DEPARTEMENTS, "agglomerations").run(csv("Nom\nX\n"), Map.of(), "f", "x", true));
        assertEquals(403, e.getResponse().getStatus());
        assertEquals(403, assertThrows(WebApplicationException.class,
                () -> new ContactImport(directory, READER, null).run(csv("Nom\nX\n"), Map.of(), "f", "x", true))
                .getResponse().getStatus());
    }

    @Test
    void anErasureRemovesThePersonAndTheirHistoryAndTheRetentionRuleErasesInactiveEntries() throws Exception {
        Organisation moselle = organisation("conseil departemental moselle");
        Person p = directory.createPerson(ADMIN, new PersonInput("Léa", "Hoffmann", "lea.hoffmann@exemple.invalid", null,
                null, moselle.id(), "lea", null, null, null, null, null));
        Access lea = Access.of(new UserIdentity("lea", Set.of(), Set.of()));
        Map<String, Object> data = directory.personalData(lea, p.id());
        assertEquals("Annuaire de test", data.get("purpose"));
        assertEquals("lea.hoffmann@exemple.invalid", ((Person) data.get("person")).email());
        assertEquals(403, assertThrows(WebApplicationException.class, () -> directory.personalData(READER, p.id()))
                .getResponse().getStatus());
        directory.erase(lea, p.id(), "demande de la personne");
        assertTrue(directory.person(ADMIN, p.id()).isEmpty());
        try (Connection c = dataSource.getConnection()) {
            assertTrue(directory.historyOf(c, "person", p.id()).isEmpty());
        }

        Person old = directory.createPerson(ADMIN, new PersonInput("Olivier", "Huber", null, null, null, moselle.id(),
                null, null, null, null, null, null));
        try (Connection c = dataSource.getConnection()) {
            Directory.update(c, "UPDATE person SET last_activity_at = ? WHERE id = ?",
                    Directory.now().minusMonths(40), old.id());
        }
        long total = directory.searchPeople(ADMIN, null, null, null, null, 0, 1).total();
        assertEquals(1, directory.applyRetention("system"));
        assertTrue(directory.person(ADMIN, old.id()).isEmpty());
        assertEquals(total - 1, directory.searchPeople(ADMIN, null, null, null, null, 0, 1).total());
        assertEquals(0, new Directory(dataSource, config(0)).applyRetention("system"), "0 months turns the rule off");
    }

    @Test
    void aPersonErasedOnRequestIsNotImportedAgainUntilAnAdministratorLiftsTheErasure() throws Exception {
        Organisation moselle = organisation("conseil departemental moselle");
        Person lea = directory.createPerson(ADMIN, new PersonInput("Léa", "Hoffmann", "Lea.Hoffmann@exemple.invalid", null,
                null, moselle.id(), "lea", null, null, null, null, null));
        String file = "Prénom;Nom;Courriel;Organisation\n"
                + "Léa;Hoffmann; lea.hoffmann@EXEMPLE.invalid ;Conseil départemental de la Moselle\n"
                + "Marc;Weber;marc.weber@exemple.invalid;Conseil départemental de la Moselle\n";
        assertEquals(1, new ContactImport(directory, DEPARTEMENTS, "departements").run(csv(file), Map.of(), "f.csv", "x", false)
                .created(), "Marc is new; Léa is in the directory already");
        directory.erase(Access.of(new UserIdentity("lea", Set.of(), Set.of())), lea.id(), "demande de la personne");

        // the tombstone keeps nothing readable of her
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT * FROM erasure_tombstone")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    String v = String.valueOf(rs.getObject(i)).toLowerCase(java.util.Locale.ROOT);
                    assertFalse(v.contains("hoffmann") || v.contains("lea") || v.contains("exemple"), v);
                }
            }
            assertEquals(1, rows);
        }
        for (boolean dryRun : new boolean[] {true, false}) {
            ContactImport.Report report = new ContactImport(directory, DEPARTEMENTS, "departements")
                    .run(csv(file), Map.of(), "f.csv", "x", dryRun);
            assertEquals(0, report.created(), report.summary());
            assertEquals(List.of(2), report.skipped().stream().map(ContactImport.RowError::row).toList());
            assertEquals("skipped: erased on request", report.skipped().get(0).problem());
            assertTrue(report.summary().contains("1 skipped: erased on request"), report.summary());
        }
        try (Connection c = dataSource.getConnection()) {
            assertFalse(Directory.exists(c, "SELECT 1 FROM person WHERE email_key = ?", "lea.hoffmann@exemple.invalid"));
        }
        assertEquals(409, assertThrows(WebApplicationException.class, () -> directory.createPerson(ADMIN,
                new PersonInput("L.", "H.", "LEA.hoffmann@exemple.invalid", null, null, moselle.id(), null, null, null,
                        null, null, null))).getResponse().getStatus(), "not added again by hand either");

        // only an administrator sees the erasures (no personal data) and lifts one when the person asks
        assertEquals(403, assertThrows(WebApplicationException.class, () -> directory.erasures().list(DEPARTEMENTS))
                .getResponse().getStatus());
        assertEquals(403, assertThrows(WebApplicationException.class,
                () -> directory.erasures().lift(DEPARTEMENTS, null, "lea.hoffmann@exemple.invalid")).getResponse().getStatus());
        List<Erasures.Tombstone> kept = directory.erasures().list(ADMIN);
        assertEquals(1, kept.size());
        assertTrue(kept.get(0).email());
        assertFalse(kept.get(0).ldapEntry());
        assertEquals(404, assertThrows(WebApplicationException.class,
                () -> directory.erasures().lift(ADMIN, null, "autre@exemple.invalid")).getResponse().getStatus());
        assertEquals(400, assertThrows(WebApplicationException.class,
                () -> directory.erasures().lift(ADMIN, null, " ")).getResponse().getStatus());
        assertEquals(1, directory.erasures().lift(ADMIN, null, "LEA.HOFFMANN@exemple.invalid"));
        assertTrue(directory.erasures().list(ADMIN).isEmpty());
        ContactImport.Report back = new ContactImport(directory, DEPARTEMENTS, "departements")
                .run(csv(file), Map.of(), "f.csv", "x", false);
        assertEquals(1, back.created(), back.summary());
        assertTrue(back.skipped().isEmpty());

        // a person with neither an e-mail address nor an LDAP entry leaves no tombstone (nothing to match without
        // keeping the name)
        Person noAddress = directory.createPerson(ADMIN, new PersonInput("Olivier", "Huber", null, null, null, moselle.id(),
                null, null, null, null, null, null));
        directory.erase(ADMIN, noAddress.id(), null);
        assertTrue(directory.erasures().list(ADMIN).isEmpty());
    }

    @Test
    void theReferentOfATerritoryIsTheReferentOfItsOrganisation() {
        Directory.ReferentResult result = directory.referents(null, "departement:57", null);
        assertEquals(1, result.answers().size());
        assertEquals("Conseil départemental de la Moselle", result.answers().get(0).organisation().name());
        assertFalse(result.answers().get(0).referents().isEmpty());
        Directory.ReferentResult byName = directory.referents(null, null, "Colmar Agglomération");
        assertEquals("CA Colmar Agglomération", byName.answers().get(0).organisation().name());
    }

    @Test
    void badOrganisationsAreRefusedWithAReason() {
        assertTrue(assertThrows(WebApplicationException.class, () -> directory.createOrganisation(ADMIN,
                new Entries.OrganisationInput("X", "castle", null, null, null, null, null, null))).getMessage()
                .contains("unknown organisation type"));
        assertTrue(assertThrows(WebApplicationException.class, () -> directory.createOrganisation(ADMIN,
                new Entries.OrganisationInput("X", "company", "12", null, null, null, null, null))).getMessage()
                .contains("SIREN"));
        assertEquals(403, assertThrows(WebApplicationException.class, () -> directory.createOrganisation(DEPARTEMENTS,
                new Entries.OrganisationInput("X", "company", null, null, null, null, null,
                        List.of(new Entries.MembershipInput("communes", "member", null, null))))).getResponse().getStatus());
        Organisation ok = directory.createOrganisation(DEPARTEMENTS, new Entries.OrganisationInput("Agence Test",
                "agency", "123 456 789", null, "departement", "57", "https://exemple.invalid", List.of(
                        new Entries.MembershipInput("departements", "partner", java.time.LocalDate.of(2024, 1, 1), null))));
        assertEquals("123456789", ok.siren());
        assertEquals(1, directory.history(ADMIN, "organisation", ok.id()).size());
    }
}
