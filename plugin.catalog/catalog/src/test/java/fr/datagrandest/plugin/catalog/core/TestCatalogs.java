package fr.datagrandest.plugin.catalog.core;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import org.h2.jdbcx.JdbcDataSource;

/** A catalogue on an in-memory H2 database (PostgreSQL mode, as the platform runs it) for plain unit tests. */
final class TestCatalogs {

    private static int counter;

    private TestCatalogs() {
    }

    static CatalogService create(Path indexFolder) throws Exception {
        return create(indexFolder, database());
    }

    static CatalogService create(Path indexFolder, javax.sql.DataSource ds) throws Exception {
        return new CatalogService(ds, indexFolder, config());
    }

    /** A new in-memory database with the catalogue's schema. */
    static javax.sql.DataSource database() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:catalog" + (++counter) + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        for (String script : new String[] {"/db/migration/h2/V1__records.sql", "/db/migration/V2__settings.sql", "/db/migration/h2/V3__harvest.sql"}) try (InputStream in = TestCatalogs.class.getResourceAsStream(script);
                Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                String stripped = sql.replaceAll("(?m)^--.*$", "").strip();
                if (!stripped.isEmpty()) {
                    s.execute(stripped);
                }
            }
        }
        return ds;
    }

    static CatalogConfiguration config() {
        return new CatalogConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CatalogConfiguration.class;
            }

            @Override
            public boolean loadDemoContent() {
                return true;
            }

            @Override
            public int maxUploadMiB() {
                return 100;
            }

            @Override
            public int maxDocumentMiB() {
                return 20;
            }

            @Override
            public String title() {
                return "Catalogue DataGrandEst";
            }

            @Override
            public String provider() {
                return "DataGrandEst";
            }
        };
    }

    static byte[] resource(String path) throws IOException {
        try (InputStream in = TestCatalogs.class.getResourceAsStream("/" + path)) {
            return in.readAllBytes();
        }
    }
}
