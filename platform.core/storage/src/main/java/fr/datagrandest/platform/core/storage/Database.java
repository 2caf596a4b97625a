package fr.datagrandest.platform.core.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * The platform's database and its one connection pool: the embedded H2 database {@code DATA/db/platform} by
 * default, PostgreSQL when the configuration {@value #PID} names one. A new configuration restarts this component,
 * and with it every plugin's DataSource, on the new database.
 */
@Component(service = Database.class, configurationPid = Database.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = Database.Config.class)
public class Database implements AutoCloseable {

    public static final String PID = "fr.datagrandest.platform.storage";

    @ObjectClassDefinition(name = "DataGrandEst database",
            description = "Where the platform and its plugins keep their data: embedded H2 unless a PostgreSQL URL is given")
    public @interface Config {
        @AttributeDefinition(description = "PostgreSQL JDBC URL, for example jdbc:postgresql://localhost:5432/datagrandest; "
                + "empty for the embedded H2 database in DATA/db")
        String url() default "";

        @AttributeDefinition(description = "PostgreSQL user")
        String user() default "";

        @AttributeDefinition(description = "PostgreSQL password", type = AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(description = "Most connections open at once, shared by every plugin", min = "1")
        int maxPoolSize() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final Dialect dialect;
    private final String description;
    private final Path workFolder;
    private final DataSource direct;
    private final HikariDataSource pool;

    @Activate
    public Database(BundleContext context, Config config) throws IOException {
        this(target(config, DataFolder.of(context).resolve("db")), config.maxPoolSize(), DataFolder.of(context).resolve("db"));
        LOG.info("Storage uses the {} (pool of at most {} connections)", description, config.maxPoolSize());
    }

    /**
     * @param workFolder a local folder for the database files (H2) and for the copy of a schema taken before an H2
     *                   migration, since H2 commits schema changes immediately
     */
    Database(DatabaseTarget target, int maxPoolSize, Path workFolder) throws IOException {
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, not " + maxPoolSize);
        }
        this.dialect = target.dialect();
        this.description = target.description();
        this.workFolder = Files.createDirectories(workFolder);
        this.direct = target.dataSource();
        HikariConfig config = new HikariConfig();
        config.setPoolName("dge-storage");
        config.setDataSource(target.dataSource());
        config.setMaximumPoolSize(maxPoolSize);
        config.setMinimumIdle(Math.min(2, maxPoolSize));
        config.setConnectionTimeout(10_000);
        // The platform starts even while PostgreSQL is down: the health check says so, plugins wait for it.
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    private static DatabaseTarget target(Config config, Path dbFolder) {
        return config.url().isBlank()
                ? DatabaseTarget.embedded(dbFolder.resolve("platform"))
                : DatabaseTarget.postgresql(config.url().strip(), config.user(), config.password());
    }

    public Dialect dialect() {
        return dialect;
    }

    /** What the database is, for administrators: "embedded H2 database" or "PostgreSQL database". */
    public String description() {
        return description;
    }

    /** The shared pool. Each schema's {@link SchemaDataSource} sets its schema on the connections it hands out. */
    DataSource pool() {
        return pool;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Throws, quickly and with the driver's own reason, when the database cannot be reached: the pool would wait
     * for its connection timeout and only say that it timed out.
     */
    void checkReachable() throws SQLException {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean != null && bean.getTotalConnections() > 0) {
            return;
        }
        try (Connection connection = direct.getConnection()) {
            // reachable
        }
    }

    Path workFolder() {
        return workFolder;
    }

    PoolState poolState() {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        int max = pool.getMaximumPoolSize();
        return bean == null ? new PoolState(0, 0, 0, 0, max)
                : new PoolState(bean.getActiveConnections(), bean.getIdleConnections(), bean.getTotalConnections(),
                        bean.getThreadsAwaitingConnection(), max);
    }

    @Deactivate
    @Override
    public void close() {
        pool.close();
    }

    /** Connections of the pool, for the health check. */
    record PoolState(int active, int idle, int total, int waiting, int max) {

        boolean exhausted() {
            return waiting > 0 && active >= max;
        }

        @Override
        public String toString() {
            return active + " active, " + idle + " idle of at most " + max
                    + (waiting > 0 ? ", " + waiting + " waiting" : "");
        }
    }
}
