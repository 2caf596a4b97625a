package fr.datagrandest.plugin.ocs.core;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.platform.api.security.AuditEvent;
import fr.datagrandest.platform.api.security.AuditLog;
import fr.datagrandest.platform.api.territory.CoordinateSystem;
import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.api.territory.TerritoryService;

/**
 * The plugin's core: imports vintages, answers indicators per territory, lists nomenclatures and imports.
 * Commune outlines and nesting come from the platform's territory service.
 */
@Component(service = OcsService.class)
public class OcsService {

    private static final Logger LOG = LoggerFactory.getLogger(OcsService.class);

    private final DataSource dataSource;
    private final TerritoryService territories;

    /** The platform's audit log when the security module runs; deletions are logged here either way. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditLog audit;
    private final Nomenclatures nomenclatures = Nomenclatures.shipped();
    private final OcsImporter importer;
    private final TerritoryIndicators indicators;
    private final DrawnAreaIndicators drawn;
    private final FichiersFonciers fichiersFonciers;
    private final AnomalyReports anomalies;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Map<String, Geometry>> outlineCache = new ConcurrentHashMap<>();

    @Activate
    public OcsService(@Reference(target = "(dge.storage.schema=ocs)") DataSource dataSource,
            @Reference TerritoryService territories) {
        this.dataSource = dataSource;
        this.territories = territories;
        this.importer = new OcsImporter(dataSource, nomenclatures, new OcsImporter.Outlines() {
            @Override
            public Map<String, Geometry> communesOf(String departement) {
                return communeOutlines(departement);
            }

            @Override
            public Optional<String> departementAt(Point point) {
                return departementsOfRegion().stream().filter(d -> outline(d).map(g -> g.covers(point))
                        .orElse(false)).map(Territory::code).findFirst();
            }
        });
        this.indicators = new TerritoryIndicators(dataSource, nomenclatures);
        this.drawn = new DrawnAreaIndicators(dataSource, nomenclatures, this::communeOutlines);
        this.fichiersFonciers = new FichiersFonciers(dataSource);
        this.anomalies = new AnomalyReports(dataSource, nomenclatures);
    }

    AnomalyReports anomalies() {
        return anomalies;
    }

    private List<Territory> departementsOfRegion() {
        return territories.get(TerritoryLevel.REGION, "44")
                .map(r -> territories.children(r, TerritoryLevel.DEPARTEMENT)).orElse(List.of());
    }

    Nomenclatures nomenclatures() {
        return nomenclatures;
    }

    TerritoryService territories() {
        return territories;
    }

    /** Lambert-93 outlines of the communes of a département, by INSEE code (cached: they never change). */
    Map<String, Geometry> communeOutlines(String departement) {
        return outlineCache.computeIfAbsent(departement, d -> {
            Map<String, Geometry> m = new LinkedHashMap<>();
            territories.get(TerritoryLevel.DEPARTEMENT, d).ifPresent(dep -> {
                for (Territory c : territories.children(dep, TerritoryLevel.COMMUNE)) {
                    outline(c).ifPresent(g -> m.put(c.code(), g));
                }
            });
            return m;
        });
    }

    Optional<Geometry> outline(Territory t) {
        return territories.geometryWkt(t, CoordinateSystem.LAMBERT93).map(wkt -> {
            try {
                Geometry g = new WKTReader(new GeometryFactory(new PrecisionModel(), 2154)).read(wkt);
                return g.isValid() ? g : g.buffer(0);
            } catch (ParseException e) {
                throw new IllegalStateException("bad outline for " + t.key(), e);
            }
        });
    }

    /** Imports a GeoPackage (see {@link OcsImporter}). */
    Map<String, Object> importGeoPackage(Path file, String departement, String username, String sourceName) {
        return importer.importGeoPackage(file, departement, username, sourceName);
    }

    /**
     * Deletes one vintage of a département (polygons, surfaces, flows; the flows between the remaining
     * vintages are recomputed) and records it in the audit log, refused or failed attempts too.
     */
    Map<String, Object> deleteVintage(String departement, int year, String username) {
        String target = "ocs/vintage/" + departement + "/" + year;
        try {
            Map<String, Object> result = importer.deleteVintage(departement, year);
            audit(username, target, "success", "OCS GE vintage " + year + " of département " + departement
                    + " deleted (" + result.get("polygons") + " polygons); remaining vintages "
                    + result.get("remainingVintages"));
            return result;
        } catch (OcsInputException e) {
            audit(username, target, "refused", e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            audit(username, target, "failed", "internal error");
            throw e;
        }
    }

    private void audit(String username, String target, String result, String detail) {
        LOG.info("audit: {} ocs.vintage.delete {} {}: {}", username, target, result, detail);
        AuditLog log = audit;
        if (log != null) {
            log.record(AuditEvent.of(username, "ocs.vintage.delete", target, result, detail));
        }
    }

    /** The territory for a level name of the API ({@code commune|epci|departement|region}) and code. */
    Territory territory(String level, String code) {
        TerritoryLevel l;
        try {
            l = TerritoryLevel.valueOf(level.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OcsInputException(404, "unknown territory level '" + level
                    + "': use commune, epci, departement or region");
        }
        return territories.get(l, code)
                .orElseThrow(() -> new OcsInputException(404, "no " + level + " with code '" + code + "'"));
    }

    /** The communes of a territory (itself for a commune). */
    List<String> communesOf(Territory t) {
        if (t.level() == TerritoryLevel.COMMUNE) {
            return List.of(t.code());
        }
        return territories.children(t, TerritoryLevel.COMMUNE).stream().map(Territory::code).toList();
    }

    /** The indicators of a territory. */
    Map<String, Object> indicators(String level, String code, Integer from, Integer to) {
        Territory t = territory(level, code);
        return indicators.compute(t.level().name().toLowerCase(Locale.ROOT), t.code(), t.name(), communesOf(t),
                from, to);
    }

    /** Imports a Cerema consumption CSV for the communes of Grand Est (see {@link FichiersFonciers}). */
    Map<String, Object> importFichiersFonciers(java.io.InputStream csv, String username, String source)
            throws java.io.IOException {
        java.util.Set<String> known = new java.util.HashSet<>();
        territories.get(TerritoryLevel.REGION, "44").ifPresent(r -> territories.children(r, TerritoryLevel.COMMUNE)
                .forEach(c -> known.add(c.code())));
        return fichiersFonciers.importCsv(csv, known, username, source);
    }

    List<Map<String, Object>> fichiersFoncierImports() {
        return fichiersFonciers.imports();
    }

    /** The indicators of a drawn area, a GeoJSON polygon (see {@link DrawnAreaIndicators#parse}). */
    Map<String, Object> drawnAreaIndicators(String geoJson, Integer from, Integer to) {
        return drawn.compute(drawn.parse(geoJson), from, to);
    }

    /** Per commune of the territory: {area, artificialised area, vintage year}, for the choropleth map. */
    Map<String, double[]> artificialisedByCommune(Territory t, Integer to) {
        Map<String, double[]> result = new LinkedHashMap<>();
        Map<String, Map<String, double[]>> byDep = new java.util.HashMap<>();
        for (String commune : communesOf(t)) {
            double[] v = byDep.computeIfAbsent(commune.substring(0, 2),
                    d -> indicators.artificialisedByCommune(d, to)).get(commune);
            if (v != null) {
                result.put(commune, v);
            }
        }
        return result;
    }

    /** Most polygons one GeoJSON export gives (a commune or an EPCI, not a département). */
    static final int EXPORT_LIMIT = 100_000;

    /**
     * The OCS GE polygons of a territory's communes for one vintage (the latest of its département by default)
     * as a GeoJSON FeatureCollection in Lambert-93, with their codes and artificialisation.
     */
    String polygonsGeoJson(String level, String code, Integer year) {
        Territory t = territory(level, code);
        List<String> communes = communesOf(t);
        if (communes.size() > 200) {
            throw new OcsInputException(400, "the polygon export is for a commune or an EPCI (at most 200 communes);"
                    + " " + t.name() + " has " + communes.size());
        }
        StringBuilder b = new StringBuilder("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\","
                + "\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::2154\"}},\"features\":[");
        int n = 0;
        org.locationtech.jts.io.WKBReader wkb = new org.locationtech.jts.io.WKBReader();
        try (Connection c = dataSource.getConnection()) {
            for (String dep : new java.util.TreeSet<>(communes.stream().map(x -> x.substring(0, 2)).toList())) {
                Integer chosen = null;
                try (PreparedStatement s = c.prepareStatement(
                        "SELECT millesime FROM vintage WHERE departement = ? ORDER BY millesime")) {
                    s.setString(1, dep);
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            int y = rs.getInt(1);
                            if (chosen == null || year == null || Math.abs(y - year) < Math.abs(chosen - year)) {
                                chosen = y;
                            }
                        }
                    }
                }
                if (chosen == null) {
                    continue;
                }
                List<String> depCommunes = communes.stream().filter(x -> x.startsWith(dep)).toList();
                String in = String.join(",", java.util.Collections.nCopies(depCommunes.size(), "?"));
                try (PreparedStatement s = c.prepareStatement("SELECT ocs_id, code_cs, code_us, area, artificialised,"
                        + " commune, millesime, geom FROM ocs_polygon WHERE departement = ? AND millesime = ?"
                        + " AND commune IN (" + in + ") ORDER BY ocs_id")) {
                    s.setString(1, dep);
                    s.setInt(2, chosen);
                    for (int i = 0; i < depCommunes.size(); i++) {
                        s.setString(3 + i, depCommunes.get(i));
                    }
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            if (++n > EXPORT_LIMIT) {
                                throw new OcsInputException(413, "more than " + EXPORT_LIMIT + " polygons");
                            }
                            b.append(n == 1 ? "" : ",").append("{\"type\":\"Feature\",\"properties\":{\"ID\":")
                                    .append(AnomalyReports.jsonValue(rs.getString(1))).append(",\"CODE_CS\":")
                                    .append(AnomalyReports.jsonValue(rs.getString(2))).append(",\"CODE_US\":")
                                    .append(AnomalyReports.jsonValue(rs.getString(3))).append(",\"MILLESIME\":")
                                    .append(rs.getInt(7)).append(",\"surface_m2\":").append(rs.getDouble(4))
                                    .append(",\"artificialise\":").append(rs.getBoolean(5)).append(",\"commune\":")
                                    .append(AnomalyReports.jsonValue(rs.getString(6))).append("},\"geometry\":");
                            AnomalyReports.geometry(b, wkb.read(rs.getBytes(8)));
                            b.append('}');
                        }
                    }
                }
            }
        } catch (SQLException | org.locationtech.jts.io.ParseException e) {
            throw new IllegalStateException("cannot export the polygons: " + e.getMessage(), e);
        }
        if (n == 0) {
            throw new OcsInputException(404, "no OCS GE polygon imported for " + level + " " + code);
        }
        return b.append("]}").toString();
    }

    /** The imports, newest first (without their full reports). */
    List<Map<String, Object>> imports() {
        return jobs("SELECT id, departement, millesime, status, total, processed, message, matrix, username,"
                + " source_name, started_at, finished_at, NULL FROM import_job ORDER BY id DESC", null);
    }

    Optional<Map<String, Object>> importJob(long id) {
        return jobs("SELECT id, departement, millesime, status, total, processed, message, matrix, username,"
                + " source_name, started_at, finished_at, report FROM import_job WHERE id = ?", id).stream().findFirst();
    }

    private List<Map<String, Object>> jobs(String sql, Long id) {
        List<Map<String, Object>> list = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            if (id != null) {
                s.setLong(1, id);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("departement", rs.getString(2));
                    m.put("millesime", rs.getObject(3));
                    m.put("status", rs.getString(4));
                    m.put("total", rs.getInt(5));
                    m.put("processed", rs.getInt(6));
                    m.put("progress", rs.getInt(5) == 0 ? 0 : (double) rs.getInt(6) / rs.getInt(5));
                    m.put("message", rs.getString(7));
                    m.put("matrix", rs.getString(8));
                    m.put("username", rs.getString(9));
                    m.put("source", rs.getString(10));
                    m.put("startedAt", String.valueOf(rs.getTimestamp(11).toInstant()));
                    m.put("finishedAt", rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant().toString());
                    String report = rs.getString(13);
                    if (report != null) {
                        m.put("report", json.readValue(report, Map.class));
                    }
                    list.add(m);
                }
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot read the imports: " + e.getMessage(), e);
        }
        return list;
    }

    /** The vintages imported, by département. */
    List<Map<String, Object>> vintages() {
        List<Map<String, Object>> list = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT departement, millesime, polygons, area, matrix,"
                        + " nomenclature, synthetic, imported_at FROM vintage ORDER BY departement, millesime");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("departement", rs.getString(1));
                m.put("millesime", rs.getInt(2));
                m.put("polygons", rs.getInt(3));
                m.put("area", rs.getDouble(4));
                m.put("matrix", rs.getString(5));
                m.put("nomenclature", rs.getString(6));
                m.put("synthetic", rs.getBoolean(7));
                m.put("importedAt", rs.getTimestamp(8).toInstant().toString());
                list.add(m);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the vintages: " + e.getMessage(), e);
        }
        return list;
    }

    /** Whether anything was ever imported or tried (the demo is loaded only on a fresh database). */
    boolean anyImport() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM import_job");
                ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The nomenclature versions and matrices as the API shows them. */
    Map<String, Object> nomenclaturesDocument() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> versions = new ArrayList<>();
        nomenclatures.versions().values().forEach(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", v.id());
            m.put("label", v.label());
            m.put("source", v.source());
            m.put("cover", v.covers().values());
            m.put("use", v.uses().values());
            versions.add(m);
        });
        out.put("nomenclatures", versions);
        List<Map<String, Object>> matrices = new ArrayList<>();
        nomenclatures.matrices().values().forEach(mx -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", mx.id());
            m.put("nomenclature", mx.nomenclature());
            m.put("label", mx.label());
            m.put("default", mx == nomenclatures.defaultMatrix());
            m.put("thresholdNote", mx.thresholdNote());
            m.put("rules", mx.rules().stream().map(r -> {
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("rule", r.number());
                rule.put("cover", r.covers().isEmpty() ? List.of("*") : r.covers().stream().sorted().toList());
                rule.put("use", r.uses().isEmpty() ? List.of("*") : r.uses().stream().sorted().toList());
                rule.put("artificialised", r.artificialised());
                rule.put("category", r.category());
                rule.put("thresholdM2", r.thresholdM2());
                return rule;
            }).toList());
            m.put("enafUses", mx.enafUses());
            m.put("imperviousCovers", mx.imperviousCovers());
            matrices.add(m);
        });
        out.put("matrices", matrices);
        return out;
    }
}
