package fr.datagrandest.plugin.ocs.core;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;

import fr.datagrandest.platform.api.maps.LayerDescription;
import fr.datagrandest.platform.api.maps.LayerSource;
import fr.datagrandest.platform.api.maps.LayerSymbology;
import fr.datagrandest.platform.api.maps.LayerSymbology.SymbolClass;

/**
 * The map layers of the imported vintages, as {@link LayerSource}s for the map services: per vintage of a
 * département, its land cover polygons (classes and colours of its nomenclature) and the share of artificialised
 * surface per commune. The features are read from the database when the map services ask for them.
 */
final class OcsLayerSources {

    /** Land cover layers above this many polygons are not offered: the map services hold their layers in memory. */
    static final int MAX_POLYGONS = 250_000;

    /** One imported vintage, as the layers need it. */
    record Vintage(String departement, int year, long importedAt, boolean synthetic, String nomenclature,
            int polygons) {
        String key() {
            return departement + "-" + year;
        }
    }

    /** A département's name and its communes' names and Lambert-93 outlines. */
    interface Places {
        String departementName(String departement);

        Map<String, String> communeNames(String departement);

        Map<String, Geometry> communeOutlines(String departement);
    }

    /** Graduated classes of the artificialised share, in percent (sequential palette, light to dark). */
    private static final List<SymbolClass> SHARE_CLASSES = List.of(
            SymbolClass.range(null, 2.0, "#fff5eb", "moins de 2 %"),
            SymbolClass.range(2.0, 5.0, "#fdd0a2", "2 à 5 %"),
            SymbolClass.range(5.0, 10.0, "#fdae6b", "5 à 10 %"),
            SymbolClass.range(10.0, 20.0, "#f16913", "10 à 20 %"),
            SymbolClass.range(20.0, 40.0, "#d94801", "20 à 40 %"),
            SymbolClass.range(40.0, null, "#8c2d04", "40 % et plus"));

    private final DataSource dataSource;
    private final Nomenclatures nomenclatures;
    private final TerritoryIndicators indicators;
    private final Places places;

    OcsLayerSources(DataSource dataSource, Nomenclatures nomenclatures, Places places) {
        this.dataSource = dataSource;
        this.nomenclatures = nomenclatures;
        this.indicators = new TerritoryIndicators(dataSource, nomenclatures);
        this.places = places;
    }

    /** The vintages imported now (a vintage being imported or deleted is not listed). */
    List<Vintage> vintages() throws SQLException {
        List<Vintage> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT departement, millesime, imported_at, synthetic, nomenclature,"
                        + " polygons FROM vintage ORDER BY departement, millesime")) {
            while (rs.next()) {
                out.add(new Vintage(rs.getString(1), rs.getInt(2), rs.getTimestamp(3).getTime(), rs.getBoolean(4),
                        rs.getString(5), rs.getInt(6)));
            }
        }
        return out;
    }

    /** The layers of a vintage: its land cover (unless too large for the map services) and its artificialisation. */
    List<LayerSource> layers(Vintage v) {
        List<LayerSource> out = new ArrayList<>();
        if (v.polygons() <= MAX_POLYGONS) {
            out.add(landCover(v));
        }
        out.add(artificialisation(v));
        return out;
    }

    private String place(Vintage v) {
        return places.departementName(v.departement()) + " (" + v.departement() + ")";
    }

    private static String synthetic(Vintage v) {
        return v.synthetic() ? " Données SYNTHÉTIQUES de démonstration, pas des observations." : "";
    }

    LayerSource landCover(Vintage v) {
        Nomenclatures.Version version = nomenclatures.versions().getOrDefault(v.nomenclature(),
                nomenclatures.nomenclatureOf(nomenclatures.defaultMatrix()));
        List<SymbolClass> classes = new ArrayList<>();
        version.covers().values().forEach(code -> classes.add(SymbolClass.category(code.code(),
                colour(code.color()), code.code() + " " + code.shortLabel())));
        LayerDescription description = new LayerDescription(
                "Couverture du sol OCS GE " + v.year() + " – " + place(v),
                "Polygones de l'occupation du sol à grande échelle (OCS GE) du millésime " + v.year() + ", par code"
                        + " de couverture (CS) et d'usage (US) de la nomenclature " + version.label()
                        + ", avec leur caractère artificialisé selon le décret n° 2023-1096." + synthetic(v),
                List.of("OCS GE", "occupation du sol", "artificialisation", "ZAN"),
                v.synthetic() ? "DataGrandEst (données synthétiques)" : "IGN – OCS GE", "etalab-2.0",
                "Occupation du sol", 2154, new LayerSymbology("#cccccc", "#555555", "code_cs", false, classes, null));
        return new Source("ocs-couverture-" + v.key(), description, sink -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT ocs_id, code_cs, code_us, area, artificialised, commune, geom FROM ocs_polygon"
                            + " WHERE departement = ? AND millesime = ? ORDER BY ocs_id")) {
                s.setString(1, v.departement());
                s.setInt(2, v.year());
                s.setFetchSize(1_000);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Map<String, Object> p = new LinkedHashMap<>();
                        String cs = rs.getString(2);
                        String us = rs.getString(3);
                        p.put("id", rs.getString(1));
                        p.put("code_cs", cs);
                        p.put("couverture", label(version.covers(), cs));
                        p.put("code_us", us);
                        p.put("usage", label(version.uses(), us));
                        p.put("artificialise", rs.getBoolean(5));
                        p.put("commune", rs.getString(6));
                        p.put("surface_m2", Math.round(rs.getDouble(4) * 100) / 100.0);
                        sink.feature(rs.getString(1), rs.getBytes(7), p);
                    }
                }
            } catch (SQLException e) {
                throw new IOException("the polygons of " + v.key() + " cannot be read: " + e.getMessage(), e);
            }
        });
    }

    LayerSource artificialisation(Vintage v) {
        LayerDescription description = new LayerDescription(
                "Part de surface artificialisée " + v.year() + " par commune – " + place(v),
                "Part de la surface de chaque commune artificialisée au sens du décret n° 2023-1096, d'après l'OCS GE"
                        + " millésime " + v.year() + " (communes couvertes par ce millésime)." + synthetic(v),
                List.of("OCS GE", "artificialisation", "ZAN", "indicateur"),
                v.synthetic() ? "DataGrandEst (données synthétiques)" : "DataGrandEst d'après IGN – OCS GE",
                "etalab-2.0", "Occupation du sol", 2154,
                new LayerSymbology("#eeeeee", "#666666", "part_artificialisee", true, SHARE_CLASSES, "nom"));
        return new Source("ocs-artificialisation-" + v.key(), description, sink -> {
            Map<String, double[]> byCommune;
            try {
                byCommune = indicators.artificialisedByCommune(v.departement(), v.year());
            } catch (IllegalStateException e) {
                throw new IOException(e.getMessage(), e);
            }
            Map<String, Geometry> outlines = places.communeOutlines(v.departement());
            Map<String, String> names = places.communeNames(v.departement());
            WKBWriter wkb = new WKBWriter();
            for (Map.Entry<String, double[]> e : new java.util.TreeMap<>(byCommune).entrySet()) {
                Geometry outline = outlines.get(e.getKey());
                double total = e.getValue()[0];
                if (outline == null || total <= 0) {
                    continue;
                }
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("commune", e.getKey());
                p.put("nom", names.getOrDefault(e.getKey(), e.getKey()));
                p.put("millesime", v.year());
                p.put("part_artificialisee", Math.round(e.getValue()[1] / total * 10_000) / 100.0);
                p.put("surface_artificialisee_ha", Math.round(e.getValue()[1] / 100) / 100.0);
                p.put("surface_couverte_ha", Math.round(total / 100) / 100.0);
                sink.feature(e.getKey(), wkb.write(outline), p);
            }
        });
    }

    private static String label(Map<String, NomenclatureCode> codes, String code) {
        NomenclatureCode c = codes.get(code);
        return c == null ? code : c.label();
    }

    /** {@code #rgb} or {@code #rrggbb} as {@code #rrggbb}; grey when the table gives none. */
    static String colour(String c) {
        if (c == null || !c.matches("#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?")) {
            return "#999999";
        }
        if (c.length() == 4) {
            return ("#" + c.charAt(1) + c.charAt(1) + c.charAt(2) + c.charAt(2) + c.charAt(3) + c.charAt(3))
                    .toLowerCase();
        }
        return c.toLowerCase();
    }

    /** How a layer's features are read. */
    @FunctionalInterface
    interface Features {
        void read(LayerSource.FeatureSink sink) throws IOException;
    }

    private record Source(String id, LayerDescription description, Features reader) implements LayerSource {
        @Override
        public void features(FeatureSink sink) throws IOException {
            reader.read(sink);
        }
    }
}
