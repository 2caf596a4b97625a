package fr.datagrandest.plugin.directory;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import fr.datagrandest.platform.api.security.AuditEvent;
import fr.datagrandest.platform.api.security.AuditLog;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.api.territory.TerritoryService;
import fr.datagrandest.plugin.directory.Entries.College;
import fr.datagrandest.plugin.directory.Entries.CollegeInput;
import fr.datagrandest.plugin.directory.Entries.Group;
import fr.datagrandest.plugin.directory.Entries.GroupInput;
import fr.datagrandest.plugin.directory.Entries.HistoryEntry;
import fr.datagrandest.plugin.directory.Entries.Membership;
import fr.datagrandest.plugin.directory.Entries.MembershipInput;
import fr.datagrandest.plugin.directory.Entries.Organisation;
import fr.datagrandest.plugin.directory.Entries.OrganisationInput;
import fr.datagrandest.plugin.directory.Entries.OrganisationRef;
import fr.datagrandest.plugin.directory.Entries.Page;
import fr.datagrandest.plugin.directory.Entries.Person;
import fr.datagrandest.plugin.directory.Entries.PersonInput;
import fr.datagrandest.plugin.directory.Entries.PersonSummary;
import fr.datagrandest.plugin.directory.Entries.Role;
import fr.datagrandest.plugin.directory.Entries.RoleInput;
import fr.datagrandest.plugin.directory.Entries.Territory;
import jakarta.ws.rs.WebApplicationException;

/**
 * The directory itself: organisations, collèges, people, roles and groups in the schema {@code directory}, with
 * the rights of the caller applied to every read and write, and the history of every change.
 */
@Component(service = Directory.class, configurationPid = DirectoryConfiguration.PID)
@Designate(ocd = DirectoryConfiguration.class)
public class Directory {

    private static final Logger LOG = LoggerFactory.getLogger(Directory.class);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final DataSource dataSource;
    private final DirectoryConfiguration config;
    private final SearchIndex searchIndex;
    private final Erasures erasures = new Erasures(this);
    /** The people and organisations written by the transaction of this thread, put in the index after it ends. */
    private final ThreadLocal<Written> written = new ThreadLocal<>();

    private record Written(Set<Long> people, Set<Long> organisations) {
    }

    /**
     * The views of organisations shown by searches (public fields only, the same for every caller), dropped by
     * every write and every day (memberships end): a page of organisations then reads nothing from the database.
     */
    private final Map<Long, Organisation> organisationCache = new ConcurrentHashMap<>();
    private final AtomicLong cacheGeneration = new AtomicLong();
    /** The same for the people of search pages (the caller's rights are applied to each answer). */
    private final Map<Long, PersonData> personCache = new ConcurrentHashMap<>();
    private static final int PERSON_CACHE_MAX = 20_000;

    private record PersonData(PersonRow row, List<Role> roles, List<String> colleges, List<String> groups) {
    }
    private volatile LocalDate cacheDay = LocalDate.now(ZoneOffset.UTC);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile TerritoryService territories;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile AuditLog auditLog;

    @Activate
    public Directory(@Reference(target = "(dge.storage.schema=directory)") DataSource dataSource,
            DirectoryConfiguration config) {
        this.dataSource = dataSource;
        this.config = config;
        this.searchIndex = new SearchIndex(dataSource);
        if (config.demoData()) {
            try {
                int added = new DemoData(this).seedIfEmpty();
                if (added > 0) {
                    LOG.info("Directory was empty: added {} demo organisations with synthetic people", added);
                }
            } catch (SQLException | RuntimeException e) {
                LOG.error("Could not add the demo data to the directory", e);
            }
        }
        searchIndex.rebuildInBackground();
        searchIndex.rebuildPeriodicallyIfShared(config.searchIndexRebuildMinutes());
    }

    @Deactivate
    void deactivate() {
        searchIndex.close();
    }

    SearchIndex searchIndex() {
        return searchIndex;
    }

    Erasures erasures() {
        return erasures;
    }

    /** Marks a person as written by the running transaction: the search index reads it again after it. */
    void written(long personId) {
        Written w = written.get();
        if (w != null) {
            w.people().add(personId);
        }
    }

    void writtenOrganisation(long organisationId) {
        Written w = written.get();
        if (w != null) {
            w.organisations().add(organisationId);
        }
    }

    DirectoryConfiguration config() {
        return config;
    }

    DataSource dataSource() {
        return dataSource;
    }

    // ------------------------------------------------------------------ errors

    static WebApplicationException problem(int status, String detail) {
        return new WebApplicationException(detail, status);
    }

    static WebApplicationException notFound(String what) {
        return problem(404, what + " does not exist");
    }

    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T inTransaction(SqlWork<T> work) {
        boolean outer = written.get() == null;
        if (outer) {
            written.set(new Written(new HashSet<>(), new HashSet<>()));
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("directory database: " + e.getMessage(), e);
        } finally {
            if (outer) {
                // also after a rollback: an import commits in steps before it may fail
                Written w = written.get();
                written.remove();
                dropCachedViews();
                searchIndex.update(w.people(), w.organisations());
            }
        }
    }

    <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("directory database: " + e.getMessage(), e);
        }
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    // ------------------------------------------------------------------ collèges

    List<College> colleges() {
        return read(c -> {
            List<College> out = new ArrayList<>();
            // people counted per organisation in one grouped query, then summed per collège: the correlated
            // count per collège read every person row once per collège (12 s at 100,000 people)
            Map<Long, Long> peoplePerOrganisation = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT organisation_id, COUNT(*) FROM person"
                    + " WHERE organisation_id IS NOT NULL GROUP BY organisation_id"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    peoplePerOrganisation.put(rs.getLong(1), rs.getLong(2));
                }
            }
            Map<String, Set<Long>> organisations = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT college_code, organisation_id FROM membership");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    organisations.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getLong(2));
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT code, name, description FROM college ORDER BY name");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Set<Long> members = organisations.getOrDefault(rs.getString(1), Set.of());
                    long people = members.stream().mapToLong(o -> peoplePerOrganisation.getOrDefault(o, 0L)).sum();
                    out.add(new College(rs.getString(1), rs.getString(2), rs.getString(3), members.size(), people));
                }
            }
            return out;
        });
    }

    Optional<College> college(String code) {
        return colleges().stream().filter(college -> college.code().equals(code)).findFirst();
    }

    College createCollege(Access access, CollegeInput input) {
        if (!access.isAdmin()) {
            throw problem(403, "only a platform administrator creates collèges");
        }
        if (input == null || input.code() == null || !input.code().matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw problem(400, "a collège needs a code of lower-case letters, digits and '-' (for example 'departements')");
        }
        if (input.name() == null || input.name().isBlank()) {
            throw problem(400, "a collège needs a name");
        }
        inTransaction(c -> {
            if (exists(c, "SELECT 1 FROM college WHERE code = ?", input.code())) {
                throw problem(409, "the collège '" + input.code() + "' already exists");
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO college (code, name, description) VALUES (?, ?, ?)")) {
                s.setString(1, input.code());
                s.setString(2, input.name().strip());
                s.setString(3, input.description() == null ? "" : input.description().strip());
                s.executeUpdate();
            }
            history(c, "college", 0, access.actor(), "create", Map.of("code", input.code(), "name", input.name()));
            return null;
        });
        return college(input.code()).orElseThrow();
    }

    private Map<String, String> collegeNames(Connection c) throws SQLException {
        Map<String, String> names = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT code, name FROM college"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                names.put(rs.getString(1), rs.getString(2));
            }
        }
        return names;
    }

    // ------------------------------------------------------------------ organisations

    record OrganisationRow(long id, String name, String type, String siren, String siret, String territoryLevel,
            String territoryCode, String territoryName, String website, boolean synthetic, OffsetDateTime updatedAt) {
    }

    private static final String ORGANISATION_COLUMNS = "o.id, o.name, o.kind, o.siren, o.siret, o.territory_level,"
            + " o.territory_code, o.territory_name, o.website, o.synthetic, o.updated_at";

    private static OrganisationRow organisationRow(ResultSet rs) throws SQLException {
        return new OrganisationRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getBoolean(10),
                rs.getObject(11, OffsetDateTime.class));
    }

    Page<Organisation> searchOrganisations(String query, String college, String type, String territory, int offset,
            int limit) {
        int lim = Math.max(1, Math.min(limit <= 0 ? 20 : limit, 500));
        int off = Math.max(0, offset);
        List<String> words = FrenchText.words(query);
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        List<Object> params = new ArrayList<>();
        for (String w : words) {
            // a word that begins a word of the entry, as the search index matches (the text starts with a space)
            where.append(" AND o.search_text LIKE ?");
            params.add("% " + w + "%");
        }
        if (college != null && !college.isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM membership m WHERE m.organisation_id = o.id AND m.college_code = ?)");
            params.add(college);
        }
        if (type != null && !type.isBlank()) {
            where.append(" AND o.kind = ?");
            params.add(type);
        }
        if (territory != null && !territory.isBlank()) {
            String[] t = territory.split(":", 2);
            if (t.length == 2) {
                where.append(" AND o.territory_level = ? AND o.territory_code = ?");
                params.add(t[0]);
                params.add(t[1]);
            } else {
                where.append(" AND o.territory_code = ?");
                params.add(territory);
            }
        }
        SearchIndex.Hits hits = searchIndex.searchOrganisations(words, college, type, territory, off, lim);
        if (hits != null) {
            return new Page<>(query == null ? "" : query, hits.total(), off, lim, cachedOrganisations(hits.ids()));
        }
        // until the search index is built: the database, with the same matching and order
        return read(c -> {
            long total = count(c, "SELECT COUNT(*) FROM organisation o" + where, params);
            List<OrganisationRow> rows = new ArrayList<>();
            List<Object> p = new ArrayList<>(params);
            p.add(lim);
            p.add(off);
            try (PreparedStatement s = c.prepareStatement("SELECT " + ORGANISATION_COLUMNS + " FROM organisation o" + where
                    + " ORDER BY CASE WHEN o.name_key = ? THEN 0 WHEN o.name_key LIKE ? THEN 1 ELSE 2 END, o.name_key"
                    + " LIMIT ? OFFSET ?")) {
                int i = bind(s, params, 1);
                String joined = String.join(" ", words);
                s.setString(i++, joined);
                s.setString(i++, joined + "%");
                s.setInt(i++, lim);
                s.setInt(i, off);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(organisationRow(rs));
                    }
                }
            }
            return new Page<>(query == null ? "" : query, total, off, lim, organisationViews(c, rows));
        });
    }

    private void dropCachedViews() {
        cacheGeneration.incrementAndGet();
        organisationCache.clear();
        personCache.clear();
    }

    private void checkCacheDay() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (!today.equals(cacheDay)) {
            cacheDay = today;
            dropCachedViews();
        }
    }

    /** The views of the given organisations in that order, from the cache or read once (those removed left out). */
    private List<Organisation> cachedOrganisations(List<Long> ids) {
        checkCacheDay();
        Map<Long, Organisation> found = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (long id : ids) {
            Organisation o = organisationCache.get(id);
            if (o != null) {
                found.put(id, o);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            long generation = cacheGeneration.get();
            List<Organisation> loaded = read(c -> organisationViews(c, organisationRows(c, missing)));
            for (Organisation o : loaded) {
                found.put(o.id(), o);
                organisationCache.put(o.id(), o);
            }
            if (cacheGeneration.get() != generation) {
                // a write ended while these were read: they may be older than it
                loaded.forEach(o -> organisationCache.remove(o.id()));
            }
        }
        return ids.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    /** The rows of the given organisations in the given order (those removed since left out). */
    private List<OrganisationRow> organisationRows(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, OrganisationRow> byId = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + ORGANISATION_COLUMNS + " FROM organisation o WHERE o.id IN ("
                + ids.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                OrganisationRow row = organisationRow(rs);
                byId.put(row.id(), row);
            }
        }
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** The views of a page of organisations, with their memberships and referents, in four queries. */
    private List<Organisation> organisationViews(Connection c, List<OrganisationRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, String> collegeNames = collegeNames(c);
        String ids = rows.stream().map(r -> String.valueOf(r.id())).collect(Collectors.joining(","));
        Map<Long, List<Membership>> memberships = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT organisation_id, college_code, kind, since, until FROM membership"
                + " WHERE organisation_id IN (" + ids + ") ORDER BY college_code, kind"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                memberships.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Membership(rs.getString(2),
                        collegeNames.getOrDefault(rs.getString(2), rs.getString(2)), rs.getString(3), date(rs.getDate(4)),
                        date(rs.getDate(5))));
            }
        }
        Map<Long, List<Long>> referentIds = new HashMap<>();
        Map<Long, PersonRow> people = new HashMap<>();
        // from the roles (indexed by organisation) to the people, never the other way round
        try (PreparedStatement s = c.prepareStatement("SELECT r.organisation_id, " + PERSON_COLUMNS
                + " FROM person_role r JOIN person p ON p.id = r.person_id LEFT JOIN organisation o ON o.id = p.organisation_id"
                + " WHERE r.role = 'referent' AND r.organisation_id IN (" + ids + ")"
                + " ORDER BY p.name_key"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                long org = rs.getLong(1);
                PersonRow p = personRowAt(rs, 1);
                people.put(p.id(), p);
                List<Long> list = referentIds.computeIfAbsent(org, k -> new ArrayList<>());
                if (!list.contains(p.id())) {
                    list.add(p.id());
                }
            }
        }
        Map<Long, List<Role>> roles = new HashMap<>();
        if (!people.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("SELECT r.person_id, r.organisation_id, o.name, r.role, r.label"
                    + " FROM person_role r JOIN organisation o ON o.id = r.organisation_id WHERE r.person_id IN ("
                    + people.keySet().stream().map(String::valueOf).collect(Collectors.joining(",")) + ")"
                    + " ORDER BY o.name_key, r.role"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    roles.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Role(rs.getLong(2),
                            rs.getString(3), rs.getString(4), Entries.ROLES.getOrDefault(rs.getString(4), rs.getString(4)),
                            rs.getString(5)));
                }
            }
        }
        List<Organisation> out = new ArrayList<>();
        for (OrganisationRow row : rows) {
            List<PersonSummary> referents = new ArrayList<>();
            for (long id : referentIds.getOrDefault(row.id(), List.of())) {
                PersonRow p = people.get(id);
                referents.add(new PersonSummary(p.id(), p.displayName(), p.jobTitle(), roles.getOrDefault(id, List.of())));
            }
            Territory territory = row.territoryCode() == null ? null
                    : new Territory(row.territoryLevel(), row.territoryCode(), row.territoryName());
            out.add(new Organisation(row.id(), row.name(), row.type(),
                    Entries.ORGANISATION_TYPES.getOrDefault(row.type(), row.type()), row.siren(), row.siret(), territory,
                    row.website(), memberships.getOrDefault(row.id(), List.of()), row.synthetic() ? Boolean.TRUE : null,
                    referents, null, row.updatedAt()));
        }
        return out;
    }

    Optional<Organisation> organisation(long id) {
        return read(c -> loadOrganisation(c, id).map(row -> {
            try {
                return organisationView(c, row, collegeNames(c), true);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    Optional<OrganisationRow> loadOrganisation(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + ORGANISATION_COLUMNS + " FROM organisation o WHERE o.id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(organisationRow(rs)) : Optional.empty();
            }
        }
    }

    private Organisation organisationView(Connection c, OrganisationRow row, Map<String, String> collegeNames,
            boolean details) throws SQLException {
        List<Membership> memberships = memberships(c, row.id(), collegeNames);
        List<PersonSummary> referents = peopleWithRole(c, row.id(), "referent");
        List<PersonSummary> people = details ? peopleOf(c, row.id()) : null;
        Territory territory = row.territoryCode() == null ? null
                : new Territory(row.territoryLevel(), row.territoryCode(), row.territoryName());
        return new Organisation(row.id(), row.name(), row.type(), Entries.ORGANISATION_TYPES.getOrDefault(row.type(), row.type()),
                row.siren(), row.siret(), territory, row.website(), memberships, row.synthetic() ? Boolean.TRUE : null,
                referents, people, row.updatedAt());
    }

    private List<Membership> memberships(Connection c, long organisationId, Map<String, String> collegeNames)
            throws SQLException {
        List<Membership> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT college_code, kind, since, until FROM membership WHERE organisation_id = ? ORDER BY college_code, kind")) {
            s.setLong(1, organisationId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Membership(rs.getString(1), collegeNames.getOrDefault(rs.getString(1), rs.getString(1)),
                            rs.getString(2), date(rs.getDate(3)), date(rs.getDate(4))));
                }
            }
        }
        return out;
    }

    private static LocalDate date(Date d) {
        return d == null ? null : d.toLocalDate();
    }

    /** The collèges an organisation belongs to today. */
    /** The organisations the caller may place people in (editing forms): all for administrators, else their collèges'. */
    List<OrganisationRef> organisationChoices(Access access) {
        if (!access.isEditor()) {
            return List.of();
        }
        return read(c -> {
            List<OrganisationRef> out = new ArrayList<>();
            String sql = "SELECT o.id, o.name FROM organisation o" + (access.isAdmin() ? ""
                    : " WHERE EXISTS (SELECT 1 FROM membership m WHERE m.organisation_id = o.id AND m.college_code = ANY (?))")
                    + " ORDER BY o.name_key, o.id";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (!access.isAdmin()) {
                    s.setArray(1, c.createArrayOf("VARCHAR", access.user().colleges().toArray()));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new OrganisationRef(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
            return out;
        });
    }

    Set<String> collegesOfOrganisation(Connection c, long organisationId) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT college_code FROM membership WHERE organisation_id = ?"
                + " AND (until IS NULL OR until >= CURRENT_DATE)")) {
            s.setLong(1, organisationId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private List<PersonSummary> peopleWithRole(Connection c, long organisationId, String role) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT r.person_id, p.name_key FROM person_role r"
                + " JOIN person p ON p.id = r.person_id WHERE r.organisation_id = ? AND r.role = ? ORDER BY p.name_key")) {
            s.setLong(1, organisationId);
            s.setString(2, role);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return summaries(c, ids);
    }

    private List<PersonSummary> peopleOf(Connection c, long organisationId) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM person WHERE organisation_id = ? OR id IN"
                + " (SELECT person_id FROM person_role WHERE organisation_id = ?) ORDER BY name_key")) {
            s.setLong(1, organisationId);
            s.setLong(2, organisationId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return summaries(c, ids);
    }

    private List<PersonSummary> summaries(Connection c, List<Long> ids) throws SQLException {
        List<PersonSummary> out = new ArrayList<>();
        for (long id : ids) {
            Optional<PersonRow> row = loadPerson(c, id);
            if (row.isPresent()) {
                PersonRow p = row.get();
                out.add(new PersonSummary(p.id(), p.displayName(), p.jobTitle(), roles(c, p.id())));
            }
        }
        return out;
    }

    Organisation createOrganisation(Access access, OrganisationInput input) {
        OrganisationInput in = checkOrganisation(input);
        if (!access.isEditor()) {
            throw problem(403, "only an editor of a collège or an administrator adds organisations");
        }
        Set<String> colleges = in.memberships().stream().map(MembershipInput::college).collect(Collectors.toSet());
        if (!access.isAdmin() && colleges.stream().noneMatch(access::canEditCollege)) {
            throw problem(403, "an editor adds organisations to their own collège: give a membership of " + access.user().colleges());
        }
        for (String college : colleges) {
            if (!access.canEditCollege(college) && !access.isAdmin()) {
                throw problem(403, "you may not add a membership of the collège '" + college + "'");
            }
        }
        long id = inTransaction(c -> {
            checkColleges(c, colleges);
            OffsetDateTime now = now();
            long newId;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO organisation (name, name_key, kind, siren, siret,"
                    + " territory_level, territory_code, territory_name, website, search_text, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                bindOrganisation(s, in);
                s.setObject(10, now);
                s.setObject(11, now);
                s.executeUpdate();
                newId = generatedId(s);
            }
            replaceMemberships(c, newId, in.memberships(), null);
            refreshOrganisationSearch(c, newId);
            history(c, "organisation", newId, access.actor(), "create", organisationFields(in));
            return newId;
        });
        return organisation(id).orElseThrow();
    }

    Organisation updateOrganisation(Access access, long id, OrganisationInput input) {
        OrganisationInput in = checkOrganisation(input);
        inTransaction(c -> {
            OrganisationRow old = loadOrganisation(c, id).orElseThrow(() -> notFound("organisation " + id));
            Set<String> current = collegesOfOrganisation(c, id);
            if (!access.canEdit(current)) {
                throw problem(403, "this organisation belongs to the collèges " + current
                        + ": only their editors or an administrator may change it");
            }
            Set<String> keptOthers = null;
            if (!access.isAdmin()) {
                for (MembershipInput m : in.memberships()) {
                    if (!access.canEditCollege(m.college())) {
                        throw problem(403, "you may not change memberships of the collège '" + m.college() + "'");
                    }
                }
                keptOthers = new TreeSet<>(current);
                keptOthers.removeIf(access::canEditCollege);
            }
            checkColleges(c, in.memberships().stream().map(MembershipInput::college).collect(Collectors.toSet()));
            Map<String, Object> before = organisationFields(old, memberships(c, id, Map.of()));
            try (PreparedStatement s = c.prepareStatement("UPDATE organisation SET name = ?, name_key = ?, kind = ?,"
                    + " siren = ?, siret = ?, territory_level = ?, territory_code = ?, territory_name = ?, website = ?,"
                    + " updated_at = ? WHERE id = ?")) {
                bindOrganisation(s, in);
                s.setObject(10, now());
                s.setLong(11, id);
                s.executeUpdate();
            }
            replaceMemberships(c, id, in.memberships(), keptOthers);
            refreshOrganisationSearch(c, id);
            refreshPeopleOfOrganisation(c, id);
            Map<String, Object> after = organisationFields(loadOrganisation(c, id).orElseThrow(), memberships(c, id, Map.of()));
            Map<String, Object> diff = diff(before, after);
            if (!diff.isEmpty()) {
                history(c, "organisation", id, access.actor(), "update", diff);
            }
            return null;
        });
        return organisation(id).orElseThrow();
    }

    void deleteOrganisation(Access access, long id) {
        inTransaction(c -> {
            OrganisationRow old = loadOrganisation(c, id).orElseThrow(() -> notFound("organisation " + id));
            Set<String> current = collegesOfOrganisation(c, id);
            if (!access.canEdit(current)) {
                throw problem(403, "only the editors of the collèges " + current + " or an administrator may remove this organisation");
            }
            List<Long> people = idsOf(c, "SELECT id FROM person WHERE organisation_id = ? OR id IN"
                    + " (SELECT person_id FROM person_role WHERE organisation_id = ?)", id, id);
            update(c, "DELETE FROM organisation WHERE id = ?", id);
            writtenOrganisation(id);
            for (long person : people) {
                refreshPersonSearch(c, person);
            }
            history(c, "organisation", id, access.actor(), "delete", Map.of("name", old.name()));
            return null;
        });
    }

    private OrganisationInput checkOrganisation(OrganisationInput input) {
        if (input == null) {
            throw problem(400, "the request body must be an organisation as JSON");
        }
        if (input.name() == null || input.name().isBlank()) {
            throw problem(400, "an organisation needs a name");
        }
        String type = input.type() == null || input.type().isBlank() ? "other" : input.type().strip();
        if (!Entries.ORGANISATION_TYPES.containsKey(type)) {
            throw problem(400, "unknown organisation type '" + type + "'; known types: "
                    + new TreeSet<>(Entries.ORGANISATION_TYPES.keySet()));
        }
        String siren = blankToNull(input.siren());
        if (siren != null && FrenchText.siren(siren) == null) {
            throw problem(400, "the SIREN must have 9 digits: '" + siren + "'");
        }
        String siret = blankToNull(input.siret());
        if (siret != null && !siret.replaceAll("\\s", "").matches("\\d{14}")) {
            throw problem(400, "the SIRET must have 14 digits: '" + siret + "'");
        }
        if (siren == null && siret != null) {
            siren = FrenchText.siren(siret);
        }
        String website = blankToNull(input.website());
        if (website != null && !website.matches("(?i)https?://[^\\s]+")) {
            throw problem(400, "the website must be an http(s) address: '" + website + "'");
        }
        String level = blankToNull(input.territoryLevel());
        String code = blankToNull(input.territoryCode());
        if ((level == null) != (code == null)) {
            throw problem(400, "give both territoryLevel and territoryCode, or neither");
        }
        if (level != null) {
            try {
                TerritoryLevel.valueOf(level.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw problem(400, "territoryLevel must be commune, epci, departement or region: '" + level + "'");
            }
            level = level.toLowerCase(Locale.ROOT);
            TerritoryService service = territories;
            if (service != null && service.get(TerritoryLevel.valueOf(level.toUpperCase(Locale.ROOT)), code).isEmpty()) {
                throw problem(400, "no " + level + " of Grand Est has the code '" + code + "'");
            }
        }
        List<MembershipInput> memberships = new ArrayList<>();
        for (MembershipInput m : input.memberships() == null ? List.<MembershipInput>of() : input.memberships()) {
            if (m == null || m.college() == null || m.college().isBlank()) {
                throw problem(400, "each membership needs a collège");
            }
            String kind = m.kind() == null || m.kind().isBlank() ? "member" : m.kind();
            if (!Entries.MEMBERSHIP_KINDS.containsKey(kind)) {
                throw problem(400, "unknown membership kind '" + kind + "'; known kinds: "
                        + new TreeSet<>(Entries.MEMBERSHIP_KINDS.keySet()));
            }
            if (m.since() != null && m.until() != null && m.until().isBefore(m.since())) {
                throw problem(400, "a membership cannot end (" + m.until() + ") before it starts (" + m.since() + ")");
            }
            memberships.add(new MembershipInput(m.college().strip(), kind, m.since(), m.until()));
        }
        return new OrganisationInput(input.name().strip(), type, siren == null ? null : FrenchText.siren(siren),
                siret == null ? null : siret.replaceAll("\\s", ""), level, code, website, memberships);
    }

    private void checkColleges(Connection c, Collection<String> colleges) throws SQLException {
        for (String college : colleges) {
            if (!exists(c, "SELECT 1 FROM college WHERE code = ?", college)) {
                throw problem(400, "unknown collège '" + college + "'");
            }
        }
    }

    private void bindOrganisation(PreparedStatement s, OrganisationInput in) throws SQLException {
        s.setString(1, in.name());
        s.setString(2, FrenchText.key(in.name()));
        s.setString(3, in.type());
        s.setString(4, in.siren());
        s.setString(5, in.siret());
        s.setString(6, in.territoryLevel());
        s.setString(7, in.territoryCode());
        s.setString(8, territoryName(in.territoryLevel(), in.territoryCode()));
        s.setString(9, in.website());
    }

    String territoryName(String level, String code) {
        if (level == null || code == null) {
            return null;
        }
        TerritoryService service = territories;
        if (service == null) {
            return null;
        }
        return service.get(TerritoryLevel.valueOf(level.toUpperCase(Locale.ROOT)), code)
                .map(fr.datagrandest.platform.api.territory.Territory::name).orElse(null);
    }

    private void replaceMemberships(Connection c, long organisationId, List<MembershipInput> memberships,
            Set<String> keepColleges) throws SQLException {
        if (keepColleges == null) {
            update(c, "DELETE FROM membership WHERE organisation_id = ?", organisationId);
        } else {
            try (PreparedStatement s = c.prepareStatement("SELECT id, college_code FROM membership WHERE organisation_id = ?")) {
                s.setLong(1, organisationId);
                List<Long> remove = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        if (!keepColleges.contains(rs.getString(2))) {
                            remove.add(rs.getLong(1));
                        }
                    }
                }
                for (long id : remove) {
                    update(c, "DELETE FROM membership WHERE id = ?", id);
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO membership (organisation_id, college_code, kind, since, until) VALUES (?, ?, ?, ?, ?)")) {
            for (MembershipInput m : memberships) {
                s.setLong(1, organisationId);
                s.setString(2, m.college());
                s.setString(3, m.kind());
                s.setDate(4, m.since() == null ? null : Date.valueOf(m.since()));
                s.setDate(5, m.until() == null ? null : Date.valueOf(m.until()));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    void refreshOrganisationSearch(Connection c, long id) throws SQLException {
        OrganisationRow row = loadOrganisation(c, id).orElseThrow();
        StringBuilder text = new StringBuilder();
        text.append(row.name()).append(' ').append(Entries.ORGANISATION_TYPES.getOrDefault(row.type(), "")).append(' ');
        append(text, row.siren(), row.territoryName(), row.territoryCode());
        Map<String, String> names = collegeNames(c);
        for (Membership m : memberships(c, id, names)) {
            append(text, m.college(), m.collegeName(), Entries.MEMBERSHIP_KINDS.get(m.kind()));
        }
        update(c, "UPDATE organisation SET search_text = ? WHERE id = ?", " " + FrenchText.key(text.toString()) + " ", id);
        writtenOrganisation(id);
    }

    void refreshPeopleOfOrganisation(Connection c, long organisationId) throws SQLException {
        for (long person : idsOf(c, "SELECT id FROM person WHERE organisation_id = ? OR id IN"
                + " (SELECT person_id FROM person_role WHERE organisation_id = ?)", organisationId, organisationId)) {
            refreshPersonSearch(c, person);
        }
    }

    private static Map<String, Object> organisationFields(OrganisationInput in) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", in.name());
        m.put("type", in.type());
        m.put("siren", in.siren());
        m.put("siret", in.siret());
        m.put("territory", in.territoryCode() == null ? null : in.territoryLevel() + ":" + in.territoryCode());
        m.put("website", in.website());
        m.put("memberships", in.memberships().stream().map(x -> x.college() + "/" + x.kind()).sorted().toList());
        return m;
    }

    private static Map<String, Object> organisationFields(OrganisationRow row, List<Membership> memberships) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", row.name());
        m.put("type", row.type());
        m.put("siren", row.siren());
        m.put("siret", row.siret());
        m.put("territory", row.territoryCode() == null ? null : row.territoryLevel() + ":" + row.territoryCode());
        m.put("website", row.website());
        m.put("memberships", memberships.stream().map(x -> x.college() + "/" + x.kind()).sorted().toList());
        return m;
    }

    // ------------------------------------------------------------------ people

    record PersonRow(long id, String firstName, String lastName, String email, String phone, String jobTitle,
            Long organisationId, String organisationName, String account, String notes, String flags, String purpose,
            OffsetDateTime consentAt, String consentText, boolean synthetic, OffsetDateTime updatedAt,
            OffsetDateTime lastActivityAt) {

        String displayName() {
            return (firstName + " " + lastName).strip();
        }
    }

    private static final String PERSON_COLUMNS = "p.id, p.first_name, p.last_name, p.email, p.phone, p.job_title,"
            + " p.organisation_id, o.name, p.account, p.notes, p.flags, p.purpose, p.consent_at, p.consent_text,"
            + " p.synthetic, p.updated_at, p.last_activity_at";
    private static final String PERSON_FROM = " FROM person p LEFT JOIN organisation o ON o.id = p.organisation_id";

    private static PersonRow personRow(ResultSet rs) throws SQLException {
        return personRowAt(rs, 0);
    }

    /** A person read from the columns {@link #PERSON_COLUMNS} placed after {@code skip} other columns. */
    private static PersonRow personRowAt(ResultSet rs, int skip) throws SQLException {
        int k = skip;
        long org = rs.getLong(k + 7);
        Long organisationId = rs.wasNull() ? null : org;
        return new PersonRow(rs.getLong(k + 1), rs.getString(k + 2), rs.getString(k + 3), rs.getString(k + 4),
                rs.getString(k + 5), rs.getString(k + 6), organisationId, rs.getString(k + 8), rs.getString(k + 9),
                rs.getString(k + 10), rs.getString(k + 11), rs.getString(k + 12),
                rs.getObject(k + 13, OffsetDateTime.class), rs.getString(k + 14), rs.getBoolean(k + 15),
                rs.getObject(k + 16, OffsetDateTime.class), rs.getObject(k + 17, OffsetDateTime.class));
    }


    Optional<PersonRow> loadPerson(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + PERSON_COLUMNS + PERSON_FROM + " WHERE p.id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(personRow(rs)) : Optional.empty();
            }
        }
    }

    List<Role> roles(Connection c, long personId) throws SQLException {
        List<Role> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.organisation_id, o.name, r.role, r.label FROM person_role r"
                + " JOIN organisation o ON o.id = r.organisation_id WHERE r.person_id = ? ORDER BY o.name_key, r.role")) {
            s.setLong(1, personId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Role(rs.getLong(1), rs.getString(2), rs.getString(3),
                            Entries.ROLES.getOrDefault(rs.getString(3), rs.getString(3)), rs.getString(4)));
                }
            }
        }
        return out;
    }

    /** The collèges a person belongs to today, through their organisation and the organisations of their roles. */
    Set<String> collegesOfPerson(Connection c, long personId) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT m.college_code FROM membership m"
                + " WHERE (m.until IS NULL OR m.until >= CURRENT_DATE) AND (m.organisation_id IN"
                + " (SELECT organisation_id FROM person WHERE id = ?) OR m.organisation_id IN"
                + " (SELECT organisation_id FROM person_role WHERE person_id = ?))")) {
            s.setLong(1, personId);
            s.setLong(2, personId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private List<String> groupsOf(Connection c, long personId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT g.name FROM working_group g JOIN group_member m"
                + " ON m.group_id = g.id WHERE m.person_id = ? ORDER BY g.name")) {
            s.setLong(1, personId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    Person personView(Connection c, Access access, PersonRow p) throws SQLException {
        Set<String> colleges = collegesOfPerson(c, p.id());
        boolean full = access.canReadPrivate(colleges, p.account());
        boolean editable = access.isSelf(p.account()) || access.canEdit(colleges);
        OrganisationRef org = p.organisationId() == null ? null : new OrganisationRef(p.organisationId(), p.organisationName());
        return new Person(p.id(), p.firstName(), p.lastName(), p.displayName(), p.jobTitle(), org, roles(c, p.id()),
                List.copyOf(colleges), groupsOf(c, p.id()),
                full ? p.email() : null, full ? p.phone() : null, full ? p.account() : null, full ? p.notes() : null,
                full ? flags(p.flags()) : null, full ? p.purpose() : null, full ? p.consentAt() : null,
                full ? p.consentText() : null, p.synthetic() ? Boolean.TRUE : null, editable ? Boolean.TRUE : null,
                p.updatedAt());
    }

    /** The views of several people with three queries in all (roles, collèges, groups), for result pages. */
    List<Person> personViews(Connection c, Access access, List<PersonRow> rows) throws SQLException {
        return personData(c, rows).stream().map(d -> view(access, d)).toList();
    }

    /** What people's views are built from, the same for every caller, in three queries (roles, collèges, groups). */
    private List<PersonData> personData(Connection c, List<PersonRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        String ids = rows.stream().map(r -> String.valueOf(r.id())).collect(Collectors.joining(","));
        Map<Long, List<Role>> roles = new HashMap<>();
        Set<Long> orgs = new LinkedHashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT r.person_id, r.organisation_id, o.name, r.role, r.label"
                + " FROM person_role r JOIN organisation o ON o.id = r.organisation_id WHERE r.person_id IN (" + ids + ")"
                + " ORDER BY o.name_key, r.role"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                roles.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new Role(rs.getLong(2), rs.getString(3),
                        rs.getString(4), Entries.ROLES.getOrDefault(rs.getString(4), rs.getString(4)), rs.getString(5)));
                orgs.add(rs.getLong(2));
            }
        }
        rows.stream().map(PersonRow::organisationId).filter(Objects::nonNull).forEach(orgs::add);
        Map<Long, Set<String>> collegesByOrg = new HashMap<>();
        if (!orgs.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("SELECT organisation_id, college_code FROM membership"
                    + " WHERE (until IS NULL OR until >= CURRENT_DATE) AND organisation_id IN ("
                    + orgs.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    collegesByOrg.computeIfAbsent(rs.getLong(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
        }
        Map<Long, List<String>> groups = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT m.person_id, g.name FROM group_member m JOIN working_group g"
                + " ON g.id = m.group_id WHERE m.person_id IN (" + ids + ") ORDER BY g.name"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                groups.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        List<PersonData> out = new ArrayList<>();
        for (PersonRow p : rows) {
            List<Role> own = roles.getOrDefault(p.id(), List.of());
            Set<String> colleges = new TreeSet<>();
            if (p.organisationId() != null) {
                colleges.addAll(collegesByOrg.getOrDefault(p.organisationId(), Set.of()));
            }
            own.forEach(r -> colleges.addAll(collegesByOrg.getOrDefault(r.organisationId(), Set.of())));
            out.add(new PersonData(p, List.copyOf(own), List.copyOf(colleges), List.copyOf(groups.getOrDefault(p.id(), List.of()))));
        }
        return out;
    }

    /** A person's view for the caller: private fields only for who may read them. */
    private static Person view(Access access, PersonData d) {
        PersonRow p = d.row();
        boolean full = access.canReadPrivate(d.colleges(), p.account());
        boolean editable = access.isSelf(p.account()) || access.canEdit(d.colleges());
        OrganisationRef org = p.organisationId() == null ? null : new OrganisationRef(p.organisationId(), p.organisationName());
        return new Person(p.id(), p.firstName(), p.lastName(), p.displayName(), p.jobTitle(), org, d.roles(),
                d.colleges(), d.groups(),
                full ? p.email() : null, full ? p.phone() : null, full ? p.account() : null, full ? p.notes() : null,
                full ? flags(p.flags()) : null, full ? p.purpose() : null, full ? p.consentAt() : null,
                full ? p.consentText() : null, p.synthetic() ? Boolean.TRUE : null, editable ? Boolean.TRUE : null,
                p.updatedAt());
    }

    /** The views of the given people in that order, from the cache or read once (those removed left out). */
    private List<Person> cachedPeople(Access access, List<Long> ids) {
        checkCacheDay();
        Map<Long, PersonData> found = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (long id : ids) {
            PersonData d = personCache.get(id);
            if (d != null) {
                found.put(id, d);
            } else {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            long generation = cacheGeneration.get();
            List<PersonData> loaded = read(c -> {
                List<PersonRow> rows = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement("SELECT " + PERSON_COLUMNS + PERSON_FROM + " WHERE p.id IN ("
                        + missing.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")");
                        ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        rows.add(personRow(rs));
                    }
                }
                return personData(c, rows);
            });
            if (personCache.size() > PERSON_CACHE_MAX) {
                // a bound on memory: the pages asked most come back at once
                personCache.clear();
            }
            for (PersonData d : loaded) {
                found.put(d.row().id(), d);
                personCache.put(d.row().id(), d);
            }
            if (cacheGeneration.get() != generation) {
                loaded.forEach(d -> personCache.remove(d.row().id()));
            }
        }
        return ids.stream().map(found::get).filter(Objects::nonNull).map(d -> view(access, d)).toList();
    }

    private static List<String> flags(String flags) {
        return flags == null || flags.isBlank() ? List.of() : List.of(flags.split(","));
    }

    Page<Person> searchPeople(Access access, String query, String college, String role, Long organisationId,
            int offset, int limit) {
        int lim = Math.max(1, Math.min(limit <= 0 ? 20 : limit, 500));
        int off = Math.max(0, offset);
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        List<Object> params = new ArrayList<>();
        List<String> words = FrenchText.words(query);
        for (String w : words) {
            // a word that begins a word of the entry, as the search index matches (the text starts with a space)
            where.append(" AND p.search_text LIKE ?");
            params.add("% " + w + "%");
        }
        if (college != null && !college.isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM membership m WHERE m.college_code = ? AND (m.organisation_id ="
                    + " p.organisation_id OR m.organisation_id IN (SELECT r.organisation_id FROM person_role r"
                    + " WHERE r.person_id = p.id)))");
            params.add(college);
        }
        if (role != null && !role.isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id AND r.role = ?)");
            params.add(role);
        }
        if (organisationId != null) {
            where.append(" AND (p.organisation_id = ? OR EXISTS (SELECT 1 FROM person_role r WHERE r.person_id = p.id"
                    + " AND r.organisation_id = ?))");
            params.add(organisationId);
            params.add(organisationId);
        }
        // the search index answers the count and the page's ids; the database only until it is built
        SearchIndex.Hits hits = searchIndex.searchPeople(words, college, role, organisationId, off, lim);
        if (hits != null) {
            return new Page<>(query == null ? "" : query, hits.total(), off, lim, cachedPeople(access, hits.ids()));
        }
        // until the search index is built: the database, with the same matching and order
        return read(c -> {
            List<PersonRow> rows = new ArrayList<>();
            List<Object> p = new ArrayList<>(params);
            p.add(lim);
            p.add(off);
            // the page's ids first, on the person table alone; then their rows with the organisation's name
            List<Long> ids = new ArrayList<>();
            long total = count(c, "SELECT COUNT(*) FROM person p" + where, params);
            try (PreparedStatement s = c.prepareStatement("SELECT p.id FROM person p" + where
                    + " ORDER BY p.name_key, p.id LIMIT ? OFFSET ?")) {
                bind(s, p, 1);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            if (!ids.isEmpty()) {
                Map<Long, PersonRow> byId = new HashMap<>();
                try (PreparedStatement s = c.prepareStatement("SELECT " + PERSON_COLUMNS + PERSON_FROM + " WHERE p.id IN ("
                        + ids.stream().map(String::valueOf).collect(Collectors.joining(",")) + ")");
                        ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        PersonRow row = personRow(rs);
                        byId.put(row.id(), row);
                    }
                }
                ids.stream().map(byId::get).filter(Objects::nonNull).forEach(rows::add);
            }
            return new Page<>(query == null ? "" : query, total, off, lim, personViews(c, access, rows));
        });
    }

    Optional<Person> person(Access access, long id) {
        return read(c -> {
            Optional<PersonRow> row = loadPerson(c, id);
            return row.isEmpty() ? Optional.<Person>empty() : Optional.of(personView(c, access, row.get()));
        });
    }

    /** The people whose entry is linked to this platform account ("my entry"). */
    List<Long> peopleOfAccount(String account) {
        return read(c -> idsOf(c, "SELECT id FROM person WHERE account = ? ORDER BY id", account));
    }

    Person createPerson(Access access, PersonInput input) {
        PersonInput in = checkPerson(input);
        long id = inTransaction(c -> {
            Set<String> colleges = collegesOfOrganisations(c, organisationsOf(in));
            if (!access.canEdit(colleges)) {
                throw problem(403, colleges.isEmpty()
                        ? "only an administrator adds a person outside every collège: give an organisation of your collège"
                        : "this person would belong to the collèges " + colleges + ": only their editors or an administrator may add them");
            }
            if (erasures.erasedEmail(c, in.email())) {
                throw problem(409, "this e-mail address belongs to a person erased on request: an administrator lifts the"
                        + " erasure (DELETE /directory/api/privacy/erasures?email=) if the person asks to be added again");
            }
            return insertPerson(c, access.actor(), in, false, "");
        });
        return person(access, id).orElseThrow();
    }

    long insertPerson(Connection c, String actor, PersonInput in, boolean synthetic, String flags) throws SQLException {
        checkOrganisationsExist(c, in);
        OffsetDateTime now = now();
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO person (first_name, last_name, name_key, email,"
                + " email_key, phone, job_title, organisation_id, account, notes, flags, purpose, consent_at, consent_text,"
                + " synthetic, search_text, created_at, updated_at, last_activity_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, in.firstName());
            s.setString(2, in.lastName());
            s.setString(3, FrenchText.key(in.firstName() + " " + in.lastName()));
            s.setString(4, in.email());
            s.setString(5, FrenchText.emailKey(in.email()));
            s.setString(6, in.phone());
            s.setString(7, in.jobTitle());
            setLong(s, 8, in.organisationId());
            s.setString(9, in.account());
            s.setString(10, in.notes());
            s.setString(11, flags == null ? "" : flags);
            s.setString(12, in.purpose() == null ? config.purpose() : in.purpose());
            s.setObject(13, Boolean.TRUE.equals(in.consent()) ? now : null);
            s.setString(14, Boolean.TRUE.equals(in.consent()) ? consentText(in) : null);
            s.setBoolean(15, synthetic);
            s.setObject(16, now);
            s.setObject(17, now);
            s.setObject(18, now);
            s.executeUpdate();
            id = generatedId(s);
        }
        insertRoles(c, id, in.roles());
        refreshPersonSearch(c, id);
        history(c, "person", id, actor, "create", personFields(in));
        return id;
    }

    private String consentText(PersonInput in) {
        return in.consentText() == null || in.consentText().isBlank()
                ? "Consentement donné pour la finalité : " + (in.purpose() == null ? config.purpose() : in.purpose())
                : in.consentText().strip();
    }

    Person updatePerson(Access access, long id, PersonInput input) {
        PersonInput in = checkPerson(input);
        inTransaction(c -> {
            PersonRow old = loadPerson(c, id).orElseThrow(() -> notFound("person " + id));
            Set<String> colleges = collegesOfPerson(c, id);
            boolean self = access.isSelf(old.account());
            boolean editor = access.canEdit(colleges);
            if (!self && !editor) {
                throw problem(403, colleges.isEmpty() ? "only this person or an administrator may change this entry"
                        : "this person belongs to the collèges " + colleges + ": only their editors, the person or an administrator may change the entry");
            }
            PersonInput effective = in;
            if (!editor) {
                // a person edits their own contact details, not where the directory places them
                if (!Objects.equals(in.organisationId(), old.organisationId()) && in.organisationId() != null
                        || in.roles() != null && !sameRoles(in.roles(), roles(c, id))
                        || in.account() != null && !in.account().equals(old.account())) {
                    throw problem(403, "you may change your own contact details; your organisation, roles and account are changed by an editor of your collège");
                }
                effective = new PersonInput(in.firstName(), in.lastName(), in.email(), in.phone(), in.jobTitle(),
                        old.organisationId(), old.account(), old.notes(), null, in.purpose(), in.consent(), in.consentText());
            } else if (!access.isAdmin()) {
                Set<String> target = collegesOfOrganisations(c, organisationsOf(in));
                if (!target.isEmpty() && !access.canEdit(target) || target.isEmpty() && !colleges.isEmpty()) {
                    throw problem(403, "you may not move this person outside your collèges " + access.user().colleges());
                }
            }
            checkOrganisationsExist(c, effective);
            Map<String, Object> before = personFields(old, roles(c, id));
            writePerson(c, id, effective, old);
            if (effective.roles() != null) {
                update(c, "DELETE FROM person_role WHERE person_id = ?", id);
                insertRoles(c, id, effective.roles());
            }
            refreshPersonSearch(c, id);
            Map<String, Object> diff = diff(before, personFields(loadPerson(c, id).orElseThrow(), roles(c, id)));
            if (!diff.isEmpty()) {
                history(c, "person", id, access.actor(), "update", diff);
            }
            return null;
        });
        return person(access, id).orElseThrow();
    }

    private static boolean sameRoles(List<RoleInput> in, List<Role> stored) {
        Set<String> a = in.stream().map(r -> r.organisationId() + "/" + r.role()).collect(Collectors.toSet());
        Set<String> b = stored.stream().map(r -> r.organisationId() + "/" + r.role()).collect(Collectors.toSet());
        return a.equals(b);
    }

    void writePerson(Connection c, long id, PersonInput in, PersonRow old) throws SQLException {
        OffsetDateTime now = now();
        boolean consentGiven = Boolean.TRUE.equals(in.consent()) && old.consentAt() == null;
        boolean consentWithdrawn = Boolean.FALSE.equals(in.consent());
        try (PreparedStatement s = c.prepareStatement("UPDATE person SET first_name = ?, last_name = ?, name_key = ?,"
                + " email = ?, email_key = ?, phone = ?, job_title = ?, organisation_id = ?, account = ?, notes = ?,"
                + " purpose = ?, consent_at = ?, consent_text = ?, flags = ?, updated_at = ?, last_activity_at = ? WHERE id = ?")) {
            s.setString(1, in.firstName());
            s.setString(2, in.lastName());
            s.setString(3, FrenchText.key(in.firstName() + " " + in.lastName()));
            s.setString(4, in.email());
            s.setString(5, FrenchText.emailKey(in.email()));
            s.setString(6, in.phone());
            s.setString(7, in.jobTitle());
            setLong(s, 8, in.organisationId());
            s.setString(9, in.account());
            s.setString(10, in.notes());
            s.setString(11, in.purpose() == null ? old.purpose() : in.purpose());
            s.setObject(12, consentWithdrawn ? null : consentGiven ? now : old.consentAt());
            s.setString(13, consentWithdrawn ? null : consentGiven ? consentText(in) : old.consentText());
            s.setString(14, String.join(",", contactFlags(in.email(), in.phone())));
            s.setObject(15, now);
            s.setObject(16, now);
            s.setLong(17, id);
            s.executeUpdate();
        }
    }

    /** What is wrong with a contact's e-mail and phone, kept with the entry until someone corrects it. */
    static List<String> contactFlags(String email, String phone) {
        List<String> flags = new ArrayList<>();
        if (email != null && !email.isBlank() && !FrenchText.isEmail(email)) {
            flags.add("invalid-email");
        }
        if (phone != null && !phone.isBlank() && FrenchText.phone(phone) == null) {
            flags.add("invalid-phone");
        }
        return flags;
    }

    void deletePerson(Access access, long id) {
        inTransaction(c -> {
            PersonRow old = loadPerson(c, id).orElseThrow(() -> notFound("person " + id));
            Set<String> colleges = collegesOfPerson(c, id);
            if (!access.canEdit(colleges)) {
                throw problem(403, "only the editors of the collèges " + colleges + " or an administrator may remove this person");
            }
            update(c, "DELETE FROM person WHERE id = ?", id);
            written(id);
            history(c, "person", id, access.actor(), "delete", Map.of("name", old.displayName()));
            return null;
        });
    }

    private PersonInput checkPerson(PersonInput in) {
        if (in == null) {
            throw problem(400, "the request body must be a person as JSON");
        }
        String first = blankToNull(in.firstName());
        String last = blankToNull(in.lastName());
        if (first == null && last == null) {
            throw problem(400, "a person needs a first name or a last name");
        }
        String email = blankToNull(in.email());
        if (email != null && !FrenchText.isEmail(email)) {
            throw problem(400, "the e-mail address is not valid: '" + email + "'");
        }
        String phone = blankToNull(in.phone());
        if (phone != null && FrenchText.phone(phone) == null) {
            throw problem(400, "the phone number is not valid: '" + phone + "' (ten digits starting with 0, or +country code)");
        }
        List<RoleInput> roles = null;
        if (in.roles() != null) {
            roles = new ArrayList<>();
            for (RoleInput r : in.roles()) {
                if (r == null || r.organisationId() == null || r.role() == null) {
                    throw problem(400, "each role needs an organisationId and a role");
                }
                if (!Entries.ROLES.containsKey(r.role())) {
                    throw problem(400, "unknown role '" + r.role() + "'; known roles: " + new TreeSet<>(Entries.ROLES.keySet()));
                }
                roles.add(new RoleInput(r.organisationId(), r.role(), r.label() == null ? "" : r.label().strip()));
            }
        }
        return new PersonInput(first == null ? "" : first, last == null ? "" : last, email, phone,
                blankToNull(in.jobTitle()), in.organisationId(), blankToNull(in.account()), blankToNull(in.notes()), roles,
                blankToNull(in.purpose()), in.consent(), blankToNull(in.consentText()));
    }

    private static Set<Long> organisationsOf(PersonInput in) {
        Set<Long> out = new LinkedHashSet<>();
        if (in.organisationId() != null) {
            out.add(in.organisationId());
        }
        if (in.roles() != null) {
            in.roles().forEach(r -> out.add(r.organisationId()));
        }
        return out;
    }

    private void checkOrganisationsExist(Connection c, PersonInput in) throws SQLException {
        for (long org : organisationsOf(in)) {
            if (!exists(c, "SELECT 1 FROM organisation WHERE id = ?", org)) {
                throw problem(400, "the organisation " + org + " does not exist");
            }
        }
    }

    Set<String> collegesOfOrganisations(Connection c, Collection<Long> organisations) throws SQLException {
        Set<String> out = new TreeSet<>();
        for (long org : organisations) {
            out.addAll(collegesOfOrganisation(c, org));
        }
        return out;
    }

    private static void insertRoles(Connection c, long personId, List<RoleInput> roles) throws SQLException {
        if (roles == null || roles.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO person_role (person_id, organisation_id, role, label) VALUES (?, ?, ?, ?)")) {
            for (RoleInput r : roles) {
                s.setLong(1, personId);
                s.setLong(2, r.organisationId());
                s.setString(3, r.role());
                s.setString(4, r.label() == null ? "" : r.label());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    void refreshPersonSearch(Connection c, long id) throws SQLException {
        written(id);
        Optional<PersonRow> row = loadPerson(c, id);
        if (row.isEmpty()) {
            return;
        }
        PersonRow p = row.get();
        StringBuilder text = new StringBuilder();
        append(text, p.firstName(), p.lastName(), p.jobTitle(), p.organisationName());
        Set<Long> orgs = new LinkedHashSet<>();
        if (p.organisationId() != null) {
            orgs.add(p.organisationId());
        }
        for (Role r : roles(c, id)) {
            append(text, r.roleLabel(), r.label(), r.organisationName());
            orgs.add(r.organisationId());
        }
        Map<String, String> names = collegeNames(c);
        for (long org : orgs) {
            Optional<OrganisationRow> o = loadOrganisation(c, org);
            if (o.isPresent()) {
                append(text, o.get().territoryName(), o.get().territoryCode());
            }
            for (String college : collegesOfOrganisation(c, org)) {
                append(text, college, names.get(college));
            }
        }
        update(c, "UPDATE person SET search_text = ? WHERE id = ?", " " + FrenchText.key(text.toString()) + " ", id);
    }

    private static Map<String, Object> personFields(PersonInput in) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("firstName", in.firstName());
        m.put("lastName", in.lastName());
        m.put("email", in.email());
        m.put("phone", in.phone());
        m.put("jobTitle", in.jobTitle());
        m.put("organisationId", in.organisationId());
        m.put("account", in.account());
        m.put("notes", in.notes());
        m.put("roles", in.roles() == null ? List.of() : in.roles().stream().map(r -> r.organisationId() + "/" + r.role()).sorted().toList());
        return m;
    }

    private static Map<String, Object> personFields(PersonRow p, List<Role> roles) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("firstName", p.firstName());
        m.put("lastName", p.lastName());
        m.put("email", p.email());
        m.put("phone", p.phone());
        m.put("jobTitle", p.jobTitle());
        m.put("organisationId", p.organisationId());
        m.put("account", p.account());
        m.put("notes", p.notes());
        m.put("roles", roles.stream().map(r -> r.organisationId() + "/" + r.role()).sorted().toList());
        m.put("consent", p.consentAt() != null);
        return m;
    }

    // ------------------------------------------------------------------ referents

    record ReferentAnswer(Organisation organisation, String via, List<PersonSummary> referents) {
    }

    record ReferentResult(String query, String territory, List<ReferentAnswer> answers) {
    }

    /**
     * Who is the DataGrandEst referent of an organisation, or of a territory: the referents of the organisations of
     * that territory, or else of the nearest territory that contains it (EPCI, then département, then région).
     */
    ReferentResult referents(Long organisationId, String territoryKey, String query) {
        if (organisationId != null) {
            Organisation org = organisation(organisationId).orElseThrow(() -> notFound("organisation " + organisationId));
            return new ReferentResult(null, null, List.of(new ReferentAnswer(org, "organisation", org.referents())));
        }
        String territory = territoryKey;
        List<ReferentAnswer> answers = new ArrayList<>();
        if (territory == null && query != null && !query.isBlank()) {
            for (Organisation org : searchOrganisations(query, null, null, null, 0, 10).items()) {
                answers.add(new ReferentAnswer(org, "organisation", org.referents()));
            }
            if (answers.stream().anyMatch(a -> !a.referents().isEmpty())) {
                return new ReferentResult(query, null, answers.stream().filter(a -> !a.referents().isEmpty()).toList());
            }
            TerritoryService service = territories;
            if (service != null) {
                List<fr.datagrandest.platform.api.territory.Territory> found = service.search(query, Optional.empty(), 1);
                if (!found.isEmpty()) {
                    territory = found.get(0).key();
                }
            }
        }
        if (territory == null) {
            return new ReferentResult(query, null, answers);
        }
        String[] parts = territory.split(":", 2);
        if (parts.length != 2) {
            throw problem(400, "a territory is written level:code, for example commune:67482 or departement:57");
        }
        TerritoryLevel level;
        try {
            level = TerritoryLevel.valueOf(parts[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw problem(400, "the territory level must be commune, epci, departement or region: '" + parts[0] + "'");
        }
        List<String[]> chain = new ArrayList<>();
        chain.add(new String[] {level.name().toLowerCase(Locale.ROOT), parts[1], "territory"});
        TerritoryService service = territories;
        if (service != null) {
            Optional<fr.datagrandest.platform.api.territory.Territory> t = service.get(level, parts[1]);
            // walk up: commune → EPCI → département → région
            while (t.isPresent()) {
                List<fr.datagrandest.platform.api.territory.Territory> parents = service.parents(t.get());
                int below = t.get().level().ordinal();
                Optional<fr.datagrandest.platform.api.territory.Territory> next = parents.stream()
                        .filter(p -> p.level().ordinal() > below)
                        .min((a, b) -> Integer.compare(a.level().ordinal(), b.level().ordinal()));
                next.ifPresent(p -> chain.add(new String[] {p.level().name().toLowerCase(Locale.ROOT), p.code(), "parent territory"}));
                t = next;
            }
        }
        for (String[] step : chain) {
            List<ReferentAnswer> here = new ArrayList<>();
            for (Organisation org : searchOrganisations(null, null, null, step[0] + ":" + step[1], 0, 20).items()) {
                if (!org.referents().isEmpty()) {
                    here.add(new ReferentAnswer(org, step[2], org.referents()));
                }
            }
            if (!here.isEmpty()) {
                return new ReferentResult(query, territory, here);
            }
        }
        return new ReferentResult(query, territory, List.of());
    }

    // ------------------------------------------------------------------ working groups

    List<Group> groups(Access access) {
        return read(c -> {
            List<Group> out = new ArrayList<>();
            for (long id : idsOf(c, "SELECT id FROM working_group ORDER BY name")) {
                out.add(loadGroup(c, access, id).orElseThrow());
            }
            return out;
        });
    }

    Optional<Group> group(Access access, long id) {
        return read(c -> loadGroup(c, access, id));
    }

    private Optional<Group> loadGroup(Connection c, Access access, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, name, college_code, mailing_list, description FROM working_group WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<Long> members = idsOf(c, "SELECT m.person_id FROM group_member m JOIN person p ON p.id = m.person_id"
                        + " WHERE m.group_id = ? ORDER BY p.name_key", id);
                return Optional.of(new Group(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), summaries(c, members)));
            }
        }
    }

    Group saveGroup(Access access, Long id, GroupInput in) {
        if (in == null || in.name() == null || in.name().isBlank()) {
            throw problem(400, "a working group needs a name");
        }
        String list = blankToNull(in.mailingList());
        if (list != null && !FrenchText.isEmail(list)) {
            throw problem(400, "the mailing list must be an e-mail address: '" + list + "'");
        }
        String college = blankToNull(in.college());
        if (college == null ? !access.isAdmin() : !access.canEditCollege(college)) {
            throw problem(403, college == null ? "only an administrator manages groups outside every collège"
                    : "only the editors of the collège '" + college + "' or an administrator manage its groups");
        }
        long groupId = inTransaction(c -> {
            if (college != null) {
                checkColleges(c, List.of(college));
            }
            long gid;
            if (id == null) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO working_group (name, college_code, mailing_list,"
                        + " description) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    s.setString(1, in.name().strip());
                    s.setString(2, college);
                    s.setString(3, list);
                    s.setString(4, in.description() == null ? "" : in.description());
                    s.executeUpdate();
                    gid = generatedId(s);
                }
            } else {
                gid = id;
                String old = null;
                try (PreparedStatement s = c.prepareStatement("SELECT college_code FROM working_group WHERE id = ?")) {
                    s.setLong(1, id);
                    try (ResultSet rs = s.executeQuery()) {
                        if (!rs.next()) {
                            throw notFound("working group " + id);
                        }
                        old = rs.getString(1);
                    }
                }
                if (old == null ? !access.isAdmin() : !access.canEditCollege(old)) {
                    throw problem(403, "only the editors of the collège '" + old + "' or an administrator manage this group");
                }
                update(c, "UPDATE working_group SET name = ?, college_code = ?, mailing_list = ?, description = ? WHERE id = ?",
                        in.name().strip(), college, list, in.description() == null ? "" : in.description(), id);
            }
            if (in.members() != null) {
                update(c, "DELETE FROM group_member WHERE group_id = ?", gid);
                for (Long member : new LinkedHashSet<>(in.members())) {
                    if (member == null || !exists(c, "SELECT 1 FROM person WHERE id = ?", member)) {
                        throw problem(400, "the person " + member + " does not exist");
                    }
                    update(c, "INSERT INTO group_member (group_id, person_id) VALUES (?, ?)", gid, member);
                }
            }
            history(c, "group", gid, access.actor(), id == null ? "create" : "update",
                    Map.of("name", in.name(), "members", in.members() == null ? List.of() : in.members()));
            return gid;
        });
        return group(access, groupId).orElseThrow();
    }

    // ------------------------------------------------------------------ history

    void history(Connection c, String type, long id, String actor, String action, Map<String, Object> changes)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO entry_history (entity_type, entity_id, at, actor,"
                + " action, changes) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, type);
            s.setLong(2, id);
            s.setObject(3, now());
            s.setString(4, actor);
            s.setString(5, action);
            s.setString(6, toJson(changes));
            s.executeUpdate();
        }
    }

    List<HistoryEntry> history(Access access, String type, long id) {
        return read(c -> {
            Set<String> colleges = type.equals("person") ? collegesOfPerson(c, id) : collegesOfOrganisation(c, id);
            String account = type.equals("person") ? loadPerson(c, id).map(PersonRow::account).orElse(null) : null;
            boolean exists = type.equals("person") ? loadPerson(c, id).isPresent() : loadOrganisation(c, id).isPresent();
            if (!exists) {
                throw notFound(type + " " + id);
            }
            if (!access.canReadPrivate(colleges, account)) {
                throw problem(403, "the history of an entry is shown to its editors, to the person and to administrators");
            }
            return historyOf(c, type, id);
        });
    }

    List<HistoryEntry> historyOf(Connection c, String type, long id) throws SQLException {
        List<HistoryEntry> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT at, actor, action, changes FROM entry_history"
                + " WHERE entity_type = ? AND entity_id = ? ORDER BY id")) {
            s.setString(1, type);
            s.setLong(2, id);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new HistoryEntry(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3),
                            fromJson(rs.getString(4))));
                }
            }
        }
        return out;
    }

    static Map<String, Object> diff(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> out = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            Object a = before.get(k);
            Object b = after.get(k);
            if (!Objects.equals(a, b)) {
                out.put(k, Arrays.asList(a, b));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ RGPD

    /** Everything the directory holds about a person, for the person themself (right of access). */
    Map<String, Object> personalData(Access access, long id) {
        return read(c -> {
            PersonRow p = loadPerson(c, id).orElseThrow(() -> notFound("person " + id));
            if (!access.canReadPrivate(collegesOfPerson(c, id), p.account())) {
                throw problem(403, "a person's data are given to the person, to the editors of their collège and to administrators");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("controller", "DataGrandEst");
            out.put("purpose", p.purpose());
            out.put("retentionMonths", config.retentionMonths());
            out.put("person", personView(c, Access.of(new fr.datagrandest.platform.api.security.UserIdentity(
                    "system", Set.of(fr.datagrandest.platform.api.security.Roles.PLATFORM_ADMIN), Set.of())), p));
            out.put("lastActivityAt", p.lastActivityAt());
            out.put("history", historyOf(c, "person", id));
            out.put("exportedAt", now());
            return out;
        });
    }

    /**
     * Erases a person on request: the entry, its roles, group memberships, history and pending merge proposals. The
     * audit log keeps that an erasure happened, by whom, for which entry number, and never the erased data.
     */
    void erase(Access access, long id, String reason) {
        Long tombstone = inTransaction(c -> {
            PersonRow p = loadPerson(c, id).orElseThrow(() -> notFound("person " + id));
            if (!access.isSelf(p.account()) && !access.canEdit(collegesOfPerson(c, id))) {
                throw problem(403, "an erasure is asked by the person, or done by an editor of their collège or an administrator");
            }
            String ldapKey = null;
            try (PreparedStatement s = c.prepareStatement("SELECT ldap_key FROM person WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    ldapKey = rs.next() ? rs.getString(1) : null;
                }
            }
            // written before the rows go: imports and the LDAP synchronisation must not bring the person back
            Long kept = erasures.record(c, p.email(), ldapKey);
            eraseRows(c, id);
            return kept;
        });
        audit(access.actor(), "directory.person.erase", "person:" + id, "success",
                "personal data erased on request" + (reason == null || reason.isBlank() ? "" : " (" + reason.replaceAll("[^\\p{L}\\p{N} .,'-]", "") + ")")
                        + (tombstone == null ? "; no e-mail or LDAP entry to keep out of imports"
                                : "; erasure " + tombstone + " keeps the person out of imports and the LDAP synchronisation"));
    }

    void eraseRows(Connection c, long id) throws SQLException {
        update(c, "DELETE FROM merge_proposal WHERE person_id = ?", id);
        update(c, "DELETE FROM entry_history WHERE entity_type = 'person' AND entity_id = ?", id);
        update(c, "DELETE FROM person WHERE id = ?", id);
        written(id);
    }

    /** The retention rule: erases the people whose entry has shown no activity for the configured months. */
    int applyRetention(String actor) {
        int months = config.retentionMonths();
        if (months <= 0) {
            return 0;
        }
        OffsetDateTime limit = now().minusMonths(months);
        int erased = inTransaction(c -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM person WHERE last_activity_at < ?")) {
                s.setObject(1, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            for (long id : ids) {
                eraseRows(c, id);
            }
            return ids.size();
        });
        if (erased > 0) {
            audit(actor, "directory.retention", "person", "success",
                    erased + " entries inactive for more than " + months + " months erased");
        }
        return erased;
    }

    /** A person confirms their entry is still right: the retention period starts again. */
    Person confirm(Access access, long id) {
        inTransaction(c -> {
            PersonRow p = loadPerson(c, id).orElseThrow(() -> notFound("person " + id));
            if (!access.isSelf(p.account()) && !access.canEdit(collegesOfPerson(c, id))) {
                throw problem(403, "only the person, an editor of their collège or an administrator confirms an entry");
            }
            update(c, "UPDATE person SET last_activity_at = ? WHERE id = ?", now(), id);
            history(c, "person", id, access.actor(), "confirm", Map.of());
            return null;
        });
        return person(access, id).orElseThrow();
    }

    void audit(String actor, String action, String target, String result, String detail) {
        AuditLog log = auditLog;
        if (log != null) {
            log.record(AuditEvent.of(actor, action, target, result, detail));
        } else {
            LOG.info("{} by {} on {}: {} ({})", action, actor, target, result, detail);
        }
    }

    // ------------------------------------------------------------------ JDBC helpers

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            return Map.of("unreadable", json);
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static void append(StringBuilder text, String... parts) {
        for (String p : parts) {
            if (p != null) {
                text.append(p).append(' ');
            }
        }
    }

    static long generatedId(PreparedStatement s) throws SQLException {
        try (ResultSet keys = s.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("no generated key");
            }
            return keys.getLong(1);
        }
    }

    static void setLong(PreparedStatement s, int i, Long value) throws SQLException {
        if (value == null) {
            s.setNull(i, java.sql.Types.BIGINT);
        } else {
            s.setLong(i, value);
        }
    }

    static int bind(PreparedStatement s, List<Object> params, int start) throws SQLException {
        int i = start;
        for (Object p : params) {
            if (p instanceof Long l) {
                s.setLong(i++, l);
            } else if (p instanceof Integer n) {
                s.setInt(i++, n);
            } else {
                s.setObject(i++, p);
            }
        }
        return i;
    }

    static long count(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params, 1);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static boolean exists(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, Arrays.asList(params), 1);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, Arrays.asList(params), 1);
            return s.executeUpdate();
        }
    }

    static List<Long> idsOf(Connection c, String sql, Object... params) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, Arrays.asList(params), 1);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }
}
