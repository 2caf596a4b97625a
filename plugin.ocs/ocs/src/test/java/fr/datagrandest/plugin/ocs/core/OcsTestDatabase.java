package fr.datagrandest.plugin.ocs.core;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

import fr.datagrandest.plugin.ocs.generator.CommuneOutline;

/** An H2 database in the platform's PostgreSQL mode with the plugin's migrations applied. */
final class OcsTestDatabase {

    private OcsTestDatabase() {
    }

    /** The plugin's migrations, in order. */
    static final List<String> MIGRATIONS = List.of("V1__ocs_vintages_and_indicators.sql", "V2__anomaly_reports.sql",
            "V3__fichiers_fonciers.sql");

    static DataSource create() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        for (String migration : MIGRATIONS) {
            try (InputStream in = OcsTestDatabase.class.getResourceAsStream("/db/migration/" + migration);
                    Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
                for (String statement : sql.split(";")) {
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
        }
        return ds;
    }

    /** Commune outlines for the importer, from the generator's own outlines. */
    static OcsImporter.Outlines outlines(List<CommuneOutline> communes) {
        return new OcsImporter.Outlines() {
            @Override
            public Map<String, Geometry> communesOf(String departement) {
                Map<String, Geometry> m = new LinkedHashMap<>();
                communes.stream().filter(c -> c.departement().equals(departement))
                        .forEach(c -> m.put(c.code(), c.outline()));
                return m;
            }

            @Override
            public Optional<String> departementAt(Point p) {
                return communes.stream().filter(c -> c.outline().covers(p)).map(CommuneOutline::departement)
                        .findFirst();
            }
        };
    }
}
