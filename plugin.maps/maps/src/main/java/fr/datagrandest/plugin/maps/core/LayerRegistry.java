package fr.datagrandest.plugin.maps.core;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.api.storage.StorageHeaders;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The published layers. The database (schema {@code maps}) is the truth: at start every layer is read from it
 * into an immutable in-memory snapshot with an STR-tree index. A change is written in one transaction
 * (features under a new data version, then the layer row points at it) and only then the snapshot is
 * swapped, so a reader sees the old or the new layer, never a mix.
 */
@Component(service = LayerRegistry.class, configurationPid = MapsConfig.PID)
@Designate(ocd = MapsConfig.class)
public class LayerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(LayerRegistry.class);
    private static final Pattern LAYER_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final TypeReference<LinkedHashMap<String, Object>> PROPERTIES = new TypeReference<>() {
    };

    private final DataSource dataSource;
    /** PostGIS tables can be published only when the platform's database is PostgreSQL. */
    private final boolean postgresql;
    private final ObjectMapper mapper = new ObjectMapper();
    private final MapsConfig config;
    private final AtomicLong styleVersions = new AtomicLong();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile Map<String, Layer> layers = Map.of();
    /** Layers other plugins provide (LayerSource services): in memory only, never in the database. */
    private volatile Map<String, Layer> provided = Map.of();
    /** The updated_at of each layer as this node last wrote or read it: another node's change shows as a difference. */
    private final Map<String, Timestamp> seen = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledExecutorService refresher;

    @Activate
    public LayerRegistry(
            @Reference(service = DataSource.class, target = "(dge.storage.schema=maps)") Map.Entry<Map<String, Object>, DataSource> storage,
            MapsConfig config) throws SQLException, IOException {
        this.dataSource = storage.getValue();
        this.postgresql = "postgresql".equals(storage.getKey().get(StorageHeaders.DIALECT));
        this.config = config;
        long start = System.nanoTime();
        Map<String, Layer> loaded = new LinkedHashMap<>();
        for (Layer layer : loadAll()) {
            loaded.put(layer.id(), layer);
        }
        layers = Map.copyOf(loaded);
        LOG.info("maps: {} layers loaded in {} ms", loaded.size(), (System.nanoTime() - start) / 1_000_000);
        if (config.publishDemoLayers()) {
            publishDemoLayers();
        }
        refresher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maps-layer-refresh");
            t.setDaemon(true);
            return t;
        });
        layers.values().forEach(this::warm);
        if (config.refreshSeconds() > 0) {
            refresher.scheduleWithFixedDelay(this::refreshSafely, config.refreshSeconds(), config.refreshSeconds(),
                    java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /**
     * Projects a layer to web mercator in the background, so that the first map and tile requests do not pay
     * for it (tiled clients ask for many images at once).
     */
    private void warm(Layer layer) {
        try {
            if (layer.live()) {
                return;
            }
            refresher.execute(() -> {
                for (int i = 0; i < layer.features().size() && !Thread.currentThread().isInterrupted(); i++) {
                    layer.geometryIn(Crs.EPSG3857, i);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: nothing to warm
        }
    }

    @org.osgi.service.component.annotations.Deactivate
    void deactivate() {
        refresher.shutdownNow();
    }

    private void refreshSafely() {
        try {
            refresh();
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.warn("maps: could not check the database for layers changed elsewhere: {}", e.getMessage());
        }
    }

    /** Reloads the layers another node added, changed or deleted in the shared database. */
    synchronized void refresh() throws SQLException, IOException {
        Map<String, Timestamp> inDatabase = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, updated_at FROM layer")) {
            while (rs.next()) {
                inDatabase.put(rs.getString(1), rs.getTimestamp(2));
            }
        }
        for (String id : List.copyOf(layers.keySet())) {
            if (!inDatabase.containsKey(id)) {
                seen.remove(id);
                swap(id, null);
                LOG.info("maps: layer {} was deleted by another node", id);
            }
        }
        for (Map.Entry<String, Timestamp> e : inDatabase.entrySet()) {
            if (!e.getValue().equals(seen.get(e.getKey()))) {
                for (Layer layer : load(e.getKey())) {
                    swap(layer.id(), layer);
                    LOG.info("maps: layer {} reloaded after a change by another node", layer.id());
                }
            }
        }
    }

    public MapsConfig config() {
        return config;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Every layer, ordered by theme then title. */
    public List<Layer> all() {
        return java.util.stream.Stream.concat(layers.values().stream(), provided.values().stream())
                .sorted(Comparator.comparing((Layer l) -> l.info().theme()).thenComparing(l -> l.info().title()))
                .toList();
    }

    public Optional<Layer> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Layer layer = layers.get(id);
        return Optional.ofNullable(layer != null ? layer : provided.get(id));
    }

    /** True when the layer is provided by another plugin (it is changed there, not through this registry). */
    public boolean isProvided(String id) {
        return id != null && provided.containsKey(id);
    }

    /**
     * Publishes, or replaces, a layer another plugin provides. Refused (false) when a layer published here has
     * that id: the users' layer stays.
     */
    synchronized boolean putProvided(Layer layer) {
        if (layers.containsKey(layer.id())) {
            return false;
        }
        Map<String, Layer> next = new LinkedHashMap<>(provided);
        next.put(layer.id(), layer);
        provided = Map.copyOf(next);
        if (refresher != null) {
            warm(layer);
        }
        changed(layer.id());
        return true;
    }

    /** Withdraws a layer another plugin provided. */
    synchronized void removeProvided(String id) {
        if (provided.containsKey(id)) {
            Map<String, Layer> next = new LinkedHashMap<>(provided);
            next.remove(id);
            provided = Map.copyOf(next);
            changed(id);
        }
    }

    /** A new version for a provided layer's data or style (caches key on versions). */
    long nextProvidedVersion() {
        return styleVersions.incrementAndGet();
    }

    private void refuseProvided(String id) {
        if (provided.containsKey(id)) {
            throw new BadInputException(409, "the layer '" + id + "' is published by another plugin of the platform;"
                    + " it changes there, or choose another id");
        }
    }

    /** Called with the layer id after each change (caches use it). */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    public static void checkId(String id) {
        if (id == null || !LAYER_ID.matcher(id).matches()) {
            throw new BadInputException("a layer id is 1 to 63 lower-case letters, digits, '-' or '_', starting"
                    + " with a letter or digit; got '" + id + "'");
        }
    }

    /**
     * Publishes a layer, or replaces the data (and metadata) of an existing one; the style is kept when
     * {@code style} is null and the layer exists.
     */
    public synchronized Layer publish(LayerInfo info, MapStyle style, List<MapFeature> features) throws SQLException {
        checkId(info.id());
        refuseProvided(info.id());
        Layer previous = layers.get(info.id());
        MapStyle effective = style != null ? style : previous != null ? previous.style() : MapStyle.defaults();
        long version = write(info, effective, features, null);
        Layer layer = new Layer(info, effective, version, styleVersions.incrementAndGet(), features);
        swap(info.id(), layer);
        return layer;
    }

    /** True when PostGIS tables can be published (the platform's database is PostgreSQL). */
    public boolean postgisAvailable() {
        return postgresql;
    }

    /**
     * Publishes a layer read live from a PostGIS table or view, or points an existing layer at one (its copied
     * features are then deleted); the style is kept when {@code style} is null and the layer exists.
     */
    public synchronized Layer publishTable(LayerInfo info, MapStyle style, String table, String geometryColumn,
            String idColumn) throws SQLException {
        checkId(info.id());
        refuseProvided(info.id());
        if (!postgresql) {
            throw new BadInputException(409, "the platform runs on its embedded H2 database: PostGIS tables can be"
                    + " published only when it runs on PostgreSQL");
        }
        PostgisTable source = PostgisTable.open(dataSource, table, geometryColumn, idColumn);
        info = new LayerInfo(info.id(), info.title(), info.description(), info.keywords(), info.attribution(),
                info.licence(), info.theme(), "EPSG:" + source.srid(), "PostGIS", info.catalogRecord());
        Layer previous = layers.get(info.id());
        MapStyle effective = style != null ? style : previous != null ? previous.style() : MapStyle.defaults();
        long version = write(info, effective, List.of(), source.source());
        Layer layer = new Layer(info, effective, version, styleVersions.incrementAndGet(), source);
        swap(info.id(), layer);
        return layer;
    }

    /**
     * Writes a layer row and its features (none for a PostGIS layer) under a new data version and deletes the
     * old version, in one transaction; the new version.
     */
    private long write(LayerInfo info, MapStyle effective, List<MapFeature> features, PostgisTable.Source table)
            throws SQLException {
        Layer previous = layers.get(info.id());
        WKBWriter writer = new WKBWriter(2, true);
        long version;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE layer_version_seq SET next_version = next_version + 1 WHERE id = 1");
                    try (ResultSet rs = s.executeQuery("SELECT next_version FROM layer_version_seq WHERE id = 1")) {
                        rs.next();
                        version = rs.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO feature (layer_id, version, fid, geom, properties) VALUES (?, ?, ?, ?, ?)")) {
                    int batch = 0;
                    for (MapFeature f : features) {
                        ps.setString(1, info.id());
                        ps.setLong(2, version);
                        ps.setInt(3, f.fid());
                        ps.setBytes(4, writer.write(f.geometry()));
                        ps.setString(5, mapper.writeValueAsString(f.properties()));
                        ps.addBatch();
                        if (++batch % 500 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                String styleJson = mapper.writeValueAsString(effective.toJson(mapper));
                String keywords = mapper.writeValueAsString(info.keywords());
                Timestamp now = Timestamp.from(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
                if (previous == null) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO layer (id, title, abstract, keywords,"
                            + " attribution, licence, theme, source_crs, source_format, style_json, current_version,"
                            + " updated_at, source_table, geometry_column, id_column)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        bindInfo(ps, info, keywords);
                        ps.setString(10, styleJson);
                        ps.setLong(11, version);
                        ps.setTimestamp(12, now);
                        bindTable(ps, 13, table);
                        ps.executeUpdate();
                    }
                } else {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE layer SET id = ?, title = ?, abstract = ?,"
                            + " keywords = ?, attribution = ?, licence = ?, theme = ?, source_crs = ?,"
                            + " source_format = ?, style_json = ?, current_version = ?, updated_at = ?,"
                            + " source_table = ?, geometry_column = ?, id_column = ? WHERE id = ?")) {
                        bindInfo(ps, info, keywords);
                        ps.setString(10, styleJson);
                        ps.setLong(11, version);
                        ps.setTimestamp(12, now);
                        bindTable(ps, 13, table);
                        ps.setString(16, info.id());
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE layer SET catalog_record = ? WHERE id = ?")) {
                    ps.setString(1, info.catalogRecord());
                    ps.setString(2, info.id());
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM feature WHERE layer_id = ? AND version <> ?")) {
                    ps.setString(1, info.id());
                    ps.setLong(2, version);
                    ps.executeUpdate();
                }
                c.commit();
                seen.put(info.id(), now);
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                if (e instanceof SQLException se) {
                    throw se;
                }
                throw new SQLException("could not write layer " + info.id(), e);
            }
        }
        return version;
    }

    private static void bindTable(PreparedStatement ps, int first, PostgisTable.Source table) throws SQLException {
        ps.setString(first, table == null ? null : table.qualifiedName());
        ps.setString(first + 1, table == null ? null : table.geometryColumn());
        ps.setString(first + 2, table == null ? null : table.idColumn());
    }

    private static void bindInfo(PreparedStatement ps, LayerInfo info, String keywords) throws SQLException {
        ps.setString(1, info.id());
        ps.setString(2, info.title());
        ps.setString(3, info.description());
        ps.setString(4, keywords);
        ps.setString(5, info.attribution());
        ps.setString(6, info.licence());
        ps.setString(7, info.theme());
        ps.setString(8, info.sourceCrs());
        ps.setString(9, info.sourceFormat());
    }

    /** Links a layer to a catalogue record (its identifier; empty to remove the link). */
    public synchronized Layer linkCatalogRecord(String id, String record) throws SQLException {
        refuseProvided(id);
        Layer previous = get(id).orElseThrow(() -> new BadInputException(404, "no layer '" + id + "'"));
        String value = record == null ? "" : record.strip();
        if (value.length() > 300) {
            throw new BadInputException("a catalogue record identifier is at most 300 characters");
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE layer SET catalog_record = ?, updated_at = ? WHERE id = ?")) {
            Timestamp now = Timestamp.from(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            ps.setString(1, value);
            ps.setTimestamp(2, now);
            ps.setString(3, id);
            ps.executeUpdate();
            seen.put(id, now);
        }
        Layer layer = previous.withInfo(previous.info().withCatalogRecord(value));
        swap(id, layer);
        return layer;
    }

    /** Replaces the style of a layer. */
    public synchronized Layer restyle(String id, MapStyle style) throws SQLException {
        refuseProvided(id);
        Layer previous = get(id).orElseThrow(() -> new BadInputException(404, "no layer '" + id + "'"));
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE layer SET style_json = ?, updated_at = ? WHERE id = ?")) {
            Timestamp now = Timestamp.from(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            ps.setString(1, mapper.writeValueAsString(style.toJson(mapper)));
            ps.setTimestamp(2, now);
            ps.setString(3, id);
            ps.executeUpdate();
            seen.put(id, now);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException(e);
        }
        Layer layer = previous.withStyle(style, styleVersions.incrementAndGet());
        swap(id, layer);
        return layer;
    }

    /** Removes a layer and its features; false when there was none. */
    public synchronized boolean delete(String id) throws SQLException {
        refuseProvided(id);
        if (!layers.containsKey(id)) {
            return false;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement layer = c.prepareStatement("DELETE FROM layer WHERE id = ?");
                    PreparedStatement features = c.prepareStatement("DELETE FROM feature WHERE layer_id = ?")) {
                layer.setString(1, id);
                layer.executeUpdate();
                features.setString(1, id);
                features.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        seen.remove(id);
        swap(id, null);
        return true;
    }

    private void swap(String id, Layer layer) {
        Map<String, Layer> next = new LinkedHashMap<>(layers);
        if (layer == null) {
            next.remove(id);
        } else {
            next.put(id, layer);
        }
        layers = Map.copyOf(next);
        if (layer != null && refresher != null) {
            warm(layer);
        }
        changed(id);
    }

    private void changed(String id) {
        for (Consumer<String> listener : listeners) {
            try {
                listener.accept(id);
            } catch (RuntimeException e) {
                LOG.warn("maps: a cache did not take the change of layer {}", id, e);
            }
        }
    }

    private List<Layer> loadAll() throws SQLException, IOException {
        return load(null);
    }

    /** Every layer, or the one with this id, as the database holds it. */
    private List<Layer> load(String only) throws SQLException, IOException {
        List<Layer> result = new ArrayList<>();
        WKBReader reader = new WKBReader(new GeometryFactory());
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT id, title, abstract, keywords, attribution, licence, theme,"
                        + " source_crs, source_format, style_json, current_version, updated_at, source_table,"
                        + " geometry_column, id_column, catalog_record FROM layer"
                        + (only == null ? "" : " WHERE id = ?"))) {
            if (only != null) {
                s.setString(1, only);
            }
            ResultSet rs = s.executeQuery();
            while (rs.next()) {
                seen.put(rs.getString(1), rs.getTimestamp(12));
                String id = rs.getString(1);
                LayerInfo info = new LayerInfo(id, rs.getString(2), rs.getString(3),
                        Arrays.asList(mapper.readValue(rs.getString(4), String[].class)), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(16));
                MapStyle style = MapStyle.parse(mapper.readTree(rs.getString(10)));
                long version = rs.getLong(11);
                if (rs.getString(13) != null) {
                    try {
                        result.add(new Layer(info, style, version, styleVersions.incrementAndGet(),
                                PostgisTable.open(dataSource, rs.getString(13), rs.getString(14), rs.getString(15))));
                    } catch (BadInputException | SQLException | PostgisTable.TableException e) {
                        // Dropped or changed since it was published: the other layers are served all the same.
                        LOG.warn("maps: layer {} is not served: its table {} cannot be read: {}", id, rs.getString(13),
                                e.getMessage());
                    }
                    continue;
                }
                List<MapFeature> features = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT fid, geom, properties FROM feature WHERE layer_id = ? AND version = ? ORDER BY fid")) {
                    ps.setString(1, id);
                    ps.setLong(2, version);
                    try (ResultSet f = ps.executeQuery()) {
                        while (f.next()) {
                            Geometry g;
                            try {
                                g = reader.read(f.getBytes(2));
                            } catch (ParseException e) {
                                throw new IOException("layer " + id + ": feature " + f.getInt(1) + " has bad WKB", e);
                            }
                            features.add(new MapFeature(f.getInt(1), g, mapper.readValue(f.getString(3), PROPERTIES)));
                        }
                    }
                }
                result.add(new Layer(info, style, version, styleVersions.incrementAndGet(), features));
            }
        }
        return result;
    }

    private void publishDemoLayers() throws SQLException, IOException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM demo_published")) {
            rs.next();
            if (rs.getInt(1) > 0) {
                return;
            }
        }
        long start = System.nanoTime();
        String licence = "Licence Ouverte / Etalab 2.0";
        String attribution = "IGN ADMIN EXPRESS (simplifié), INSEE COG 2026, DGCL";
        demo("departements", "Départements du Grand Est",
                "Les 10 départements de la région Grand Est (COG 2026), contours simplifiés.",
                "departements-grand-est.geojson.gz", attribution, licence, departementsStyle());
        demo("epci", "EPCI du Grand Est",
                "Les 150 établissements publics de coopération intercommunale à fiscalité propre du Grand Est"
                        + " (COG 2026), contours issus des communes.",
                "epci-grand-est.geojson.gz", attribution, licence,
                "{\"fill\":\"#c7e9c0\",\"fillOpacity\":0.5,\"stroke\":\"#238b45\",\"strokeWidth\":1.5,"
                        + "\"label\":\"nom\",\"labelColor\":\"#00441b\",\"labelMinZoom\":9}");
        demo("communes", "Communes du Grand Est",
                "Les 5 115 communes de la région Grand Est (COG 2026) avec leur population municipale,"
                        + " contours simplifiés.",
                "communes-grand-est.geojson.gz", attribution, licence,
                "{\"fill\":\"#fdd49e\",\"fillOpacity\":0.6,\"stroke\":\"#b30000\",\"strokeWidth\":0.5,"
                        + "\"label\":\"nom\",\"labelColor\":\"#3b0000\",\"labelMinZoom\":11}");
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO demo_published (id, done_at) VALUES (1, ?)")) {
            ps.setTimestamp(1, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        }
        LOG.info("maps: demo layers published in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    private static String departementsStyle() {
        String[][] colours = {{"08", "#8dd3c7"}, {"10", "#ffffb3"}, {"51", "#bebada"}, {"52", "#fb8072"},
            {"54", "#80b1d3"}, {"55", "#fdb462"}, {"57", "#b3de69"}, {"67", "#fccde5"}, {"68", "#d9d9d9"},
            {"88", "#bc80bd"}};
        String[] names = {"Ardennes", "Aube", "Marne", "Haute-Marne", "Meurthe-et-Moselle", "Meuse", "Moselle",
            "Bas-Rhin", "Haut-Rhin", "Vosges"};
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < colours.length; i++) {
            values.append(i == 0 ? "" : ",").append("{\"value\":\"").append(colours[i][0]).append("\",\"fill\":\"")
                    .append(colours[i][1]).append("\",\"label\":\"").append(colours[i][0]).append(" ")
                    .append(names[i]).append("\"}");
        }
        return "{\"fill\":\"#eeeeee\",\"fillOpacity\":0.7,\"stroke\":\"#54278f\",\"strokeWidth\":2,"
                + "\"label\":\"nom\",\"labelColor\":\"#3f007d\",\"labelMinZoom\":7,"
                + "\"classes\":{\"property\":\"code\",\"type\":\"categorized\",\"values\":[" + values + "]}}";
    }

    private void demo(String id, String title, String description, String resource, String attribution,
            String licence, String styleJson) throws SQLException, IOException {
        if (layers.containsKey(id)) {
            return;
        }
        try (InputStream in = new GZIPInputStream(LayerRegistry.class.getResourceAsStream("/demo/" + resource))) {
            LayerImport.Imported data = new LayerImport(mapper).readGeoJson(in);
            publish(new LayerInfo(id, title, description, List.of("Grand Est", "limites administratives", id),
                    attribution, licence, "Limites administratives", data.sourceCrs(), data.format()),
                    MapStyle.parse(mapper.readTree(styleJson)), data.features());
        }
    }

    /** Properties as a JSON object node (for APIs). */
    public ObjectNode propertiesJson(Map<String, Object> properties) {
        return mapper.valueToTree(properties);
    }

    /** Every layer id, for messages. */
    public Collection<String> ids() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(layers.keySet());
        ids.addAll(provided.keySet());
        return ids;
    }
}
