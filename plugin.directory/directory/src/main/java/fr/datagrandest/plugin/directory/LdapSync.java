package fr.datagrandest.plugin.directory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.SocketFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import fr.datagrandest.plugin.directory.Entries.PersonInput;

/**
 * The optional synchronisation with an LDAP directory: its people go through the same import as a spreadsheet
 * (duplicate detection against what is stored, merge proposals, flags, a report), then each person found is
 * linked to its entry ({@code entryUUID}, or the DN), so that the next runs update the linked people directly and
 * mark those whose entry went away ({@code ldap-missing} flag, never deleted by the sync). Groups become working
 * groups with the linked people as members. On demand ({@code POST /directory/api/ldap/synchronisation}) and every
 * {@code intervalMinutes}. A run that fails while reading the directory writes nothing; a run that fails later is
 * completed by the next one (each step finds what the previous run left).
 */
@Component(service = LdapSync.class, configurationPid = LdapConfiguration.PID)
@Designate(ocd = LdapConfiguration.class)
public class LdapSync {

    private static final Logger LOG = LoggerFactory.getLogger(LdapSync.class);
    static final String MISSING = "ldap-missing";
    private static final int PAGE = 500;
    /** People an entry may be linked to. */
    private static final String FREE = "(ldap_key IS NULL OR ldap_missing_at IS NOT NULL)";
    private static final Access SCHEDULER = Access.of(new UserIdentity("ldap-sync", Set.of(Roles.PLATFORM_ADMIN), Set.of()));

    /** A person entry of the LDAP directory, by its key. */
    record PersonEntry(String key, String dn, String firstName, String lastName, String fullName, String email,
            String phone, String jobTitle, String organisation) {
    }

    /** A group entry with the normalised DNs of its members. */
    record GroupEntry(String key, String dn, String name, String description, List<String> members) {
    }

    /** What one run found and did (or, for a dry run, would do). */
    record Report(Long id, OffsetDateTime at, String actor, boolean dryRun, String url, int peopleInDirectory,
            int groupsInDirectory, int updated, int linked, int markedMissing, int back, int groupsCreated,
            int groupsUpdated, int groupsMarkedMissing, int unknownMembers, int skippedErased,
            ContactImport.Report imported,
            List<String> problems, String summary) {
    }

    private final Directory directory;
    private final LdapConfiguration config;
    private final ReentrantLock running = new ReentrantLock();
    private volatile Thread scheduler;

    @Activate
    public LdapSync(@Reference Directory directory, LdapConfiguration config) {
        this.directory = directory;
        this.config = config;
        if (configured() && config.intervalMinutes() > 0) {
            scheduler = Thread.ofVirtual().name("directory-ldap-sync").start(this::runScheduled);
        }
    }

    @Deactivate
    void stop() {
        Thread t = scheduler;
        if (t != null) {
            t.interrupt();
        }
    }

    private void runScheduled() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(config.intervalMinutes() * 60_000L);
                Report r = synchronise(SCHEDULER, false);
                LOG.info("LDAP synchronisation of the directory: {}", r.summary());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("LDAP synchronisation of the directory failed: {}", e.getMessage());
            }
        }
    }

    boolean configured() {
        return !config.url().isBlank() && config.peopleBaseDns().length > 0;
    }

    Map<String, Object> status(Access access) {
        if (!access.isAdmin()) {
            throw Directory.problem(403, "only a platform administrator sees the LDAP synchronisation");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("configured", configured());
        out.put("url", config.url());
        out.put("peopleBaseDns", List.of(config.peopleBaseDns()));
        out.put("groupBaseDns", List.of(config.groupBaseDns()));
        out.put("intervalMinutes", config.intervalMinutes());
        out.put("running", running.isLocked());
        out.put("reports", directory.read(c -> {
            List<Object> reports = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT report FROM ldap_sync_report ORDER BY id DESC LIMIT 20");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    reports.add(Directory.fromJson(rs.getString(1)));
                }
            }
            return reports;
        }));
        return out;
    }

    /** One synchronisation run, by an administrator (or the scheduler); a dry run writes nothing but its report. */
    Report synchronise(Access access, boolean dryRun) {
        if (!access.isAdmin()) {
            throw Directory.problem(403, "only a platform administrator runs the LDAP synchronisation");
        }
        if (!configured()) {
            throw Directory.problem(409, "no LDAP directory is configured: set url and peopleBaseDns in "
                    + LdapConfiguration.PID + ".cfg");
        }
        if (!running.tryLock()) {
            throw Directory.problem(409, "an LDAP synchronisation is running already");
        }
        try {
            List<PersonEntry> people;
            List<GroupEntry> groups;
            try (LDAPConnection connection = connect()) {
                people = readPeople(connection);
                groups = readGroups(connection);
            } catch (LDAPException e) {
                directory.audit(access.actor(), "directory.ldap-sync", config.url(), "failure", e.getMessage());
                throw Directory.problem(502, "the LDAP directory " + config.url() + " could not be read: "
                        + e.getResultCode() + (e.getDiagnosticMessage() == null ? "" : " (" + e.getDiagnosticMessage() + ")"));
            }
            Report report = apply(access, people, groups, dryRun);
            directory.audit(access.actor(), "directory.ldap-sync", config.url(), "success", report.summary());
            return report;
        } finally {
            running.unlock();
        }
    }

    // ------------------------------------------------------------------ reading the LDAP directory

    private LDAPConnection connect() throws LDAPException {
        LDAPURL url = new LDAPURL(config.url().strip());
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(config.timeoutSeconds() * 1000);
        options.setResponseTimeoutMillis(config.timeoutSeconds() * 1000L);
        SocketFactory sockets = null;
        if ("ldaps".equalsIgnoreCase(url.getScheme())) {
            try {
                // the certificates the JVM trusts: nothing is accepted blindly
                sockets = new SSLUtil(JVMDefaultTrustManager.getInstance()).createSSLSocketFactory();
            } catch (GeneralSecurityException e) {
                throw new LDAPException(com.unboundid.ldap.sdk.ResultCode.CONNECT_ERROR, "TLS: " + e.getMessage(), e);
            }
        }
        LDAPConnection connection = new LDAPConnection(sockets, options, url.getHost(), url.getPort());
        try {
            if (!config.bindDn().isBlank()) {
                connection.bind(config.bindDn(), config.password());
            }
            return connection;
        } catch (LDAPException e) {
            connection.close();
            throw e;
        }
    }

    /** Every entry under the base DNs, page by page (servers cap the size of one answer). */
    private static List<SearchResultEntry> search(LDAPConnection connection, String[] baseDns, String filter,
            String... attributes) throws LDAPException {
        List<SearchResultEntry> out = new ArrayList<>();
        Filter parsed = Filter.create(filter);
        for (String base : baseDns) {
            ASN1OctetString cookie = null;
            do {
                SearchRequest request = new SearchRequest(base, SearchScope.SUB, parsed, attributes);
                request.setControls(new SimplePagedResultsControl(PAGE, cookie));
                SearchResult result = connection.search(request);
                out.addAll(result.getSearchEntries());
                SimplePagedResultsControl paging = SimplePagedResultsControl.get(result);
                cookie = paging != null && paging.moreResultsToReturn() ? paging.getCookie() : null;
            } while (cookie != null);
        }
        return out;
    }

    private String key(SearchResultEntry e) throws LDAPException {
        String key = e.getAttributeValue(config.keyAttribute());
        return key != null && !key.isBlank() ? key : "dn:" + new DN(e.getDN()).toNormalizedString();
    }

    private List<PersonEntry> readPeople(LDAPConnection connection) throws LDAPException {
        List<PersonEntry> out = new ArrayList<>();
        for (SearchResultEntry e : search(connection, config.peopleBaseDns(), config.peopleFilter(), config.keyAttribute(),
                config.firstNameAttribute(), config.lastNameAttribute(), config.fullNameAttribute(), config.emailAttribute(),
                config.phoneAttribute(), config.jobTitleAttribute(), config.organisationAttribute())) {
            out.add(new PersonEntry(key(e), new DN(e.getDN()).toNormalizedString(), value(e, config.firstNameAttribute()),
                    value(e, config.lastNameAttribute()), value(e, config.fullNameAttribute()),
                    value(e, config.emailAttribute()), value(e, config.phoneAttribute()),
                    value(e, config.jobTitleAttribute()), value(e, config.organisationAttribute())));
        }
        return out;
    }

    private List<GroupEntry> readGroups(LDAPConnection connection) throws LDAPException {
        if (config.groupBaseDns().length == 0) {
            return List.of();
        }
        List<String> attributes = new ArrayList<>(List.of(config.keyAttribute(), config.groupNameAttribute(), "description"));
        attributes.addAll(List.of(config.groupMemberAttributes()));
        List<GroupEntry> out = new ArrayList<>();
        for (SearchResultEntry e : search(connection, config.groupBaseDns(), config.groupFilter(),
                attributes.toArray(String[]::new))) {
            List<String> members = new ArrayList<>();
            for (String attribute : config.groupMemberAttributes()) {
                String[] values = e.getAttributeValues(attribute);
                for (String v : values == null ? new String[0] : values) {
                    try {
                        members.add(new DN(v).toNormalizedString());
                    } catch (LDAPException bad) {
                        members.add(v);
                    }
                }
            }
            String name = value(e, config.groupNameAttribute());
            out.add(new GroupEntry(key(e), e.getDN(), name == null ? e.getDN() : name, value(e, "description"), members));
        }
        return out;
    }

    private static String value(SearchResultEntry e, String attribute) {
        String v = attribute == null || attribute.isBlank() ? null : e.getAttributeValue(attribute);
        return v == null || v.isBlank() ? null : v.strip();
    }

    // ------------------------------------------------------------------ applying it to the directory

    /** A linked person as stored. */
    private record Linked(long id, Directory.PersonRow row, OffsetDateTime missingSince) {
    }

    private Report apply(Access access, List<PersonEntry> people, List<GroupEntry> groups, boolean dryRun) {
        List<String> problems = new ArrayList<>();
        Map<String, PersonEntry> byKey = new LinkedHashMap<>();
        for (PersonEntry p : people) {
            if (byKey.putIfAbsent(p.key(), p) != null) {
                problems.add("two entries with the key " + p.key() + ": the second (" + p.dn() + ") is ignored");
            }
        }
        // 1. people linked by an earlier run: their entry is the reference, changes are written directly
        Map<String, Linked> linked = directory.read(this::linkedPeople);
        int[] updated = {0};
        int[] back = {0};
        List<PersonEntry> unlinked = new ArrayList<>();
        // people erased on request whose entry is still in LDAP: left out, reported "skipped: erased on request"
        Erasures.Check erased = directory.read(c -> directory.erasures().load(c));
        int skippedErased = 0;
        for (PersonEntry p : byKey.values()) {
            if (linked.containsKey(p.key())) {
                continue;
            }
            if (!erased.isEmpty() && (erased.ldapEntry(p.key()) || erased.email(p.email()))) {
                skippedErased++;
            } else {
                unlinked.add(p);
            }
        }
        if (!dryRun) {
            directory.inTransaction(c -> {
                for (PersonEntry p : byKey.values()) {
                    Linked l = linked.get(p.key());
                    if (l != null && updateLinked(c, access, l, p)) {
                        updated[0]++;
                    } else if (l != null && l.missingSince() != null) {
                        setMissing(c, access, l.id(), false);
                        back[0]++;
                    }
                }
                return null;
            });
        } else {
            for (PersonEntry p : byKey.values()) {
                Linked l = linked.get(p.key());
                if (l != null && (!changes(l.row(), p).isEmpty())) {
                    updated[0]++;
                } else if (l != null && l.missingSince() != null) {
                    back[0]++;
                }
            }
        }
        // 2. the others go through the import, with its duplicate detection and merge proposals
        ContactImport.Report imported = null;
        if (!unlinked.isEmpty()) {
            SpreadsheetFile.Table table = table(unlinked);
            Map<String, String> mapping = new LinkedHashMap<>();
            table.headers().forEach(h -> mapping.put(h, h));
            String college = config.college().isBlank() ? null : config.college();
            imported = new ContactImport(directory, access, college).run(table, mapping, "ldap " + config.url(),
                    sha256(table), dryRun);
        }
        // 3. link what the import found or created, mark what went away, and the groups
        Set<String> present = byKey.keySet();
        int linkedNow = 0;
        int missing = 0;
        int[] groupCounts = new int[4];
        if (dryRun) {
            missing = (int) linked.entrySet().stream()
                    .filter(e -> !present.contains(e.getKey()) && e.getValue().missingSince() == null).count();
        } else {
            int[] counts = directory.inTransaction(c -> {
                int n = 0;
                for (PersonEntry p : unlinked) {
                    Long id = findPerson(c, p);
                    if (id != null) {
                        // an entry created again in LDAP (new key) takes over the person its old entry had left
                        boolean wasMissing = Directory.exists(c, "SELECT 1 FROM person WHERE id = ? AND ldap_missing_at IS NOT NULL", id);
                        Directory.update(c, "UPDATE person SET ldap_key = ? WHERE id = ?", p.key(), id);
                        directory.history(c, "person", id, access.actor(), "ldap-link", Map.of("ldap", p.dn()));
                        if (wasMissing) {
                            setMissing(c, access, id, false);
                            back[0]++;
                        }
                        n++;
                    }
                }
                int m = 0;
                for (Map.Entry<String, Linked> e : linked.entrySet()) {
                    if (!present.contains(e.getKey()) && e.getValue().missingSince() == null) {
                        setMissing(c, access, e.getValue().id(), true);
                        m++;
                    }
                }
                applyGroups(c, access, people, groups, groupCounts, problems);
                return new int[] {n, m};
            });
            linkedNow = counts[0];
            missing = counts[1];
        }
        if (dryRun) {
            groupCounts[0] = groups.size();
        }
        String summary = people.size() + " people and " + groups.size() + " groups in the LDAP directory: " + updated[0]
                + " linked people updated, " + (imported == null ? "none to import" : "import: " + imported.summary())
                + ", " + linkedNow + " newly linked, " + missing + " marked missing, " + back[0] + " back; groups: "
                + groupCounts[0] + " created, " + groupCounts[1] + " updated, " + groupCounts[2] + " marked missing"
                + (groupCounts[3] > 0 ? ", " + groupCounts[3] + " members not in the directory" : "")
                + (skippedErased > 0 ? ", " + skippedErased + " people skipped: erased on request" : "")
                + (dryRun ? " (dry run: nothing written)" : "");
        Report report = new Report(null, Directory.now(), access.actor(), dryRun, config.url(), people.size(), groups.size(),
                updated[0], linkedNow, missing, back[0], groupCounts[0], groupCounts[1], groupCounts[2], groupCounts[3],
                skippedErased, imported, problems, summary);
        long id = directory.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO ldap_sync_report (at, actor, dry_run, report)"
                    + " VALUES (?, ?, ?, '{}')", Statement.RETURN_GENERATED_KEYS)) {
                s.setObject(1, report.at());
                s.setString(2, access.actor());
                s.setBoolean(3, dryRun);
                s.executeUpdate();
                return Directory.generatedId(s);
            }
        });
        Report stored = new Report(id, report.at(), report.actor(), dryRun, report.url(), report.peopleInDirectory(),
                report.groupsInDirectory(), report.updated(), report.linked(), report.markedMissing(), report.back(),
                report.groupsCreated(), report.groupsUpdated(), report.groupsMarkedMissing(), report.unknownMembers(),
                report.skippedErased(), imported, problems, summary);
        directory.inTransaction(c -> Directory.update(c, "UPDATE ldap_sync_report SET report = ? WHERE id = ?",
                Directory.toJson(stored), id));
        return stored;
    }

    private Map<String, Linked> linkedPeople(Connection c) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        Map<Long, OffsetDateTime> missing = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, ldap_key, ldap_missing_at FROM person WHERE ldap_key IS NOT NULL");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                ids.put(rs.getString(2), rs.getLong(1));
                missing.put(rs.getLong(1), rs.getObject(3, OffsetDateTime.class));
            }
        }
        Map<String, Linked> out = new HashMap<>();
        for (Map.Entry<String, Long> e : ids.entrySet()) {
            directory.loadPerson(c, e.getValue())
                    .ifPresent(row -> out.put(e.getKey(), new Linked(row.id(), row, missing.get(row.id()))));
        }
        return out;
    }

    /** The contact fields the entry changes; names only when the entry has one. */
    private static Map<String, Object> changes(Directory.PersonRow row, PersonEntry p) {
        Map<String, Object> diff = new LinkedHashMap<>();
        String[] names = names(p);
        if (names[1] != null && !names[1].equals(row.lastName())) {
            diff.put("lastName", names[1]);
        }
        if (names[1] != null && !Objects.equals(names[0], row.firstName())) {
            diff.put("firstName", names[0]);
        }
        if (!Objects.equals(p.email(), row.email())) {
            diff.put("email", p.email());
        }
        if (!Objects.equals(p.phone(), row.phone())) {
            diff.put("phone", p.phone());
        }
        if (!Objects.equals(p.jobTitle(), row.jobTitle())) {
            diff.put("jobTitle", p.jobTitle());
        }
        return diff;
    }

    private boolean updateLinked(Connection c, Access access, Linked l, PersonEntry p) throws SQLException {
        Directory.PersonRow old = l.row();
        Map<String, Object> diff = changes(old, p);
        if (diff.isEmpty()) {
            return false;
        }
        String[] names = names(p);
        PersonInput in = new PersonInput(names[1] == null ? old.firstName() : names[0],
                names[1] == null ? old.lastName() : names[1], p.email(), p.phone(), p.jobTitle(), old.organisationId(),
                old.account(), old.notes(), null, null, null, null);
        // writing the contact details recomputes the flags: the entry is there, so it is no longer missing
        directory.writePerson(c, l.id(), in, old);
        Directory.update(c, "UPDATE person SET ldap_missing_at = NULL WHERE id = ?", l.id());
        directory.refreshPersonSearch(c, l.id());
        Map<String, Object> history = new LinkedHashMap<>(diff);
        history.put("ldap", p.dn());
        directory.history(c, "person", l.id(), access.actor(), "ldap-update", history);
        return true;
    }

    private void setMissing(Connection c, Access access, long id, boolean missing) throws SQLException {
        String flags = null;
        try (PreparedStatement s = c.prepareStatement("SELECT flags FROM person WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    flags = rs.getString(1);
                }
            }
        }
        Set<String> set = new LinkedHashSet<>();
        for (String f : (flags == null ? "" : flags).split(",")) {
            if (!f.isBlank()) {
                set.add(f);
            }
        }
        if (missing) {
            set.add(MISSING);
        } else {
            set.remove(MISSING);
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE person SET flags = ?, ldap_missing_at = ? WHERE id = ?")) {
            s.setString(1, String.join(",", set));
            s.setObject(2, missing ? Directory.now() : null);
            s.setLong(3, id);
            s.executeUpdate();
        }
        directory.history(c, "person", id, access.actor(), missing ? "ldap-missing" : "ldap-back", Map.of());
        directory.written(id);
    }

    /**
     * The person the import found or created for an entry: same e-mail, else same name in the same organisation;
     * among people linked to no entry, or whose entry went away.
     */
    private static Long findPerson(Connection c, PersonEntry p) throws SQLException {
        String email = FrenchText.emailKey(p.email());
        if (email != null) {
            List<Long> ids = Directory.idsOf(c, "SELECT id FROM person WHERE email_key = ? AND " + FREE + " ORDER BY id", email);
            if (!ids.isEmpty()) {
                return ids.get(0);
            }
        }
        String[] names = names(p);
        String nameKey = FrenchText.key((names[0] == null ? "" : names[0]) + " " + (names[1] == null ? "" : names[1]));
        List<Long> ids = p.organisation() == null
                ? Directory.idsOf(c, "SELECT id FROM person WHERE name_key = ? AND organisation_id IS NULL AND " + FREE
                        + " ORDER BY id", nameKey)
                : Directory.idsOf(c, "SELECT p.id FROM person p JOIN organisation o ON o.id = p.organisation_id"
                        + " WHERE p.name_key = ? AND o.name_key = ? AND " + FREE.replace("ldap_", "p.ldap_") + " ORDER BY p.id", nameKey,
                        FrenchText.key(p.organisation()));
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** First and last name of an entry: its own attributes, else its full name split like the import does. */
    private static String[] names(PersonEntry p) {
        if (p.lastName() != null) {
            String first = p.firstName();
            if (first == null && p.fullName() != null && p.fullName().endsWith(" " + p.lastName())) {
                // no given name: "cn: Léa Roux" with "sn: Roux"
                first = p.fullName().substring(0, p.fullName().length() - p.lastName().length()).strip();
            }
            return new String[] {first == null ? "" : first, p.lastName()};
        }
        if (p.fullName() != null) {
            return ContactImport.splitFullName(p.fullName());
        }
        return new String[] {p.firstName(), null};
    }

    private static SpreadsheetFile.Table table(List<PersonEntry> people) {
        List<String> headers = List.of("firstName", "lastName", "email", "phone", "jobTitle", "organisation");
        List<List<String>> rows = new ArrayList<>();
        for (PersonEntry p : people) {
            String[] names = names(p);
            List<String> row = new ArrayList<>();
            for (String v : new String[] {names[0], names[1], p.email(), p.phone(), p.jobTitle(), p.organisation()}) {
                row.add(v == null ? "" : v);
            }
            rows.add(row);
        }
        return new SpreadsheetFile.Table("ldap", "UTF-8", "", headers, rows);
    }

    private static String sha256(SpreadsheetFile.Table table) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (List<String> row : table.rows()) {
                digest.update(String.join("\u001f", row).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ groups

    /** counts: created, updated, marked missing, members not in the directory. */
    private void applyGroups(Connection c, Access access, List<PersonEntry> people, List<GroupEntry> groups, int[] counts,
            List<String> problems) throws SQLException {
        if (config.groupBaseDns().length == 0) {
            return;
        }
        // the people linked to an entry, by the entry's DN and key
        Map<String, Long> byKey = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT ldap_key, id FROM person WHERE ldap_key IS NOT NULL");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                byKey.put(rs.getString(1), rs.getLong(2));
            }
        }
        Map<String, String> keyOfDn = new HashMap<>();
        for (PersonEntry p : people) {
            keyOfDn.put(p.dn(), p.key());
        }
        String college = config.college().isBlank() ? null : config.college();
        Set<String> present = new HashSet<>();
        for (GroupEntry g : groups) {
            present.add(g.key());
            Long id = null;
            List<Long> found = Directory.idsOf(c, "SELECT id FROM working_group WHERE ldap_key = ?", g.key());
            if (found.isEmpty()) {
                found = Directory.idsOf(c, "SELECT id FROM working_group WHERE ldap_key IS NULL AND LOWER(name) = LOWER(?)"
                        + " ORDER BY id", g.name());
            }
            Set<Long> members = new LinkedHashSet<>();
            for (String dn : g.members()) {
                Long person = byKey.get(keyOfDn.getOrDefault(dn, "dn:" + dn));
                if (person == null) {
                    counts[3]++;
                } else {
                    members.add(person);
                }
            }
            boolean created = found.isEmpty();
            if (created) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO working_group (name, college_code, description,"
                        + " ldap_key) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    s.setString(1, g.name());
                    s.setString(2, college);
                    s.setString(3, g.description() == null ? "" : g.description());
                    s.setString(4, g.key());
                    s.executeUpdate();
                    id = Directory.generatedId(s);
                }
                counts[0]++;
            } else {
                id = found.get(0);
            }
            Set<Long> before = new LinkedHashSet<>(Directory.idsOf(c,
                    "SELECT person_id FROM group_member WHERE group_id = ? ORDER BY person_id", id));
            boolean wasMissing = Directory.exists(c, "SELECT 1 FROM working_group WHERE id = ? AND ldap_missing_at IS NOT NULL", id);
            boolean renamed = !created && !Directory.exists(c, "SELECT 1 FROM working_group WHERE id = ? AND name = ?", id, g.name());
            Directory.update(c, "UPDATE working_group SET name = ?, ldap_key = ?, ldap_missing_at = NULL WHERE id = ?",
                    g.name(), g.key(), id);
            if (!before.equals(members)) {
                Directory.update(c, "DELETE FROM group_member WHERE group_id = ?", id);
                for (long person : members) {
                    Directory.update(c, "INSERT INTO group_member (group_id, person_id) VALUES (?, ?)", id, person);
                }
            }
            if (created || !before.equals(members) || wasMissing || renamed) {
                if (!created) {
                    counts[1]++;
                }
                directory.history(c, "group", id, access.actor(), created ? "ldap-create" : "ldap-update",
                        Map.of("name", g.name(), "members", List.copyOf(members), "ldap", g.dn()));
            }
        }
        for (long id : Directory.idsOf(c, "SELECT id FROM working_group WHERE ldap_key IS NOT NULL AND ldap_missing_at IS NULL")) {
            String key = null;
            try (PreparedStatement s = c.prepareStatement("SELECT ldap_key FROM working_group WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        key = rs.getString(1);
                    }
                }
            }
            if (!present.contains(key)) {
                Directory.update(c, "UPDATE working_group SET ldap_missing_at = ? WHERE id = ?", Directory.now(), id);
                directory.history(c, "group", id, access.actor(), "ldap-missing", Map.of());
                counts[2]++;
            }
        }
        if (counts[3] > 0) {
            problems.add(counts[3] + " group members are not people of the directory (outside the people's base DNs or"
                    + " waiting for a merge decision)");
        }
    }
}
