package fr.datagrandest.platform.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.health.HealthResult;
import fr.datagrandest.platform.api.health.HealthStatus;
import fr.datagrandest.platform.api.storage.FileStore;
import fr.datagrandest.platform.api.storage.StorageHeaders;

/**
 * The storage bundle in a real Felix with SCR, H2, HikariCP and pgjdbc, and small plugin bundles built by the test
 * that declare {@code DGE-Storage-Schema}. The API packages come from the test's class path (exported by the
 * system bundle), so the test sees the same HealthCheck and FileStore types as the bundles.
 */
class StorageExtenderIT {

    @TempDir
    static Path work;
    private static Framework framework;
    private static BundleContext system;
    private static Bundle storage;
    private final List<Bundle> plugins = new java.util.ArrayList<>();

    @BeforeAll
    static void startPlatform() throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put("org.osgi.framework.storage", work.resolve("felix").toString());
        properties.put("org.osgi.framework.storage.clean", "onFirstInit");
        properties.put("org.osgi.framework.system.packages.extra",
                "fr.datagrandest.platform.api.health;version=1.0.0,fr.datagrandest.platform.api.storage;version=1.0.0");
        properties.put("dge.data", work.resolve("data").toString());
        properties.put("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
        framework.start();
        system = framework.getBundleContext();
        List<Bundle> bundles = new java.util.ArrayList<>();
        for (String jar : List.of("pax-logging-api-", "org.osgi.util.function-", "org.osgi.util.promise-",
                "org.osgi.service.component-", "org.apache.felix.scr-", "org.osgi.service.jdbc-", "h2-", "HikariCP-", "postgresql-")) {
            bundles.add(system.installBundle(classPathJar(jar).toUri().toString()));
        }
        storage = system.installBundle(Path.of(System.getProperty("dge.storage.bundle")).toUri().toString());
        bundles.add(storage);
        for (Bundle bundle : bundles) {
            bundle.start();
        }
        assertThat(bundles).allMatch(b -> b.getState() == Bundle.ACTIVE);
        awaitService(HealthCheck.class, "(health.name=database)");
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (framework != null) {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    @AfterEach
    void removePlugins() throws Exception {
        for (Bundle plugin : plugins) {
            plugin.uninstall();
        }
    }

    @Test
    void startedBundleGetsItsMigratedSchemaAndLosesItWhenItStops() throws Exception {
        Bundle notes = install("test.notes", "notes", Map.of(
                "V1__note.sql", "CREATE TABLE note (id INT PRIMARY KEY, text VARCHAR(100));",
                "V2__first.sql", "INSERT INTO note VALUES (1, 'first');"));
        notes.start();

        ServiceReference<DataSource> reference = dataSource("notes");
        assertThat(reference).as("DataSource of schema notes").isNotNull();
        assertThat(reference.getBundle()).as("registered on behalf of the bundle").isEqualTo(notes);
        assertThat(reference.getProperty(StorageHeaders.DIALECT)).isEqualTo("h2");
        DataSource dataSource = system.getService(reference);
        assertThat(MigrationContract.strings(dataSource, "SELECT text FROM note")).containsExactly("first");
        assertThat(MigrationContract.strings(dataSource, "SELECT CURRENT_SCHEMA")).containsExactly("notes");
        system.ungetService(reference);

        notes.stop();
        assertThat(dataSource("notes")).as("gone with the bundle").isNull();

        // An update with a new migration: applied when the bundle starts again, the old ones are not re-run.
        notes.update(jar("test.notes", "notes", Map.of(
                "V1__note.sql", "CREATE TABLE note (id INT PRIMARY KEY, text VARCHAR(100));",
                "V2__first.sql", "INSERT INTO note VALUES (1, 'first');",
                "V3__second.sql", "INSERT INTO note VALUES (2, 'second');")));
        notes.start();
        DataSource updated = system.getService(dataSource("notes"));
        assertThat(MigrationContract.strings(updated, "SELECT text FROM note ORDER BY id")).containsExactly("first", "second");
        assertThat(Files.exists(work.resolve("data/db/platform.mv.db"))).isTrue();
    }

    @Test
    void brokenMigrationGivesNoDataSourceButAHealthCheckSayingWhy() throws Exception {
        Bundle broken = install("test.broken", "broken", Map.of(
                "V1__table.sql", "CREATE TABLE thing (id INT);",
                "V2__typo.sql", "INSERT INTO thing VALUES (1);\nCREATE TABLE other (id INT);\nINSERT INTO thingz VALUES (2);"));
        broken.start();

        assertThat(dataSource("broken")).isNull();
        HealthResult health = healthOf(broken);
        assertThat(health.status()).isEqualTo(HealthStatus.DOWN);
        assertThat(health.message()).contains("test.broken", "V2__typo.sql", "line 3", "rolled back");

        broken.stop();
        broken.update(jar("test.broken", "broken", Map.of(
                "V1__table.sql", "CREATE TABLE thing (id INT);",
                "V2__typo.sql", "INSERT INTO thing VALUES (1);")));
        broken.start();
        assertThat(healthOf(broken)).as("no failure reported any more").isNull();
        DataSource fixed = system.getService(dataSource("broken"));
        assertThat(MigrationContract.strings(fixed, "SELECT count(*) FROM thing")).containsExactly("1");
        assertThat(MigrationContract.strings(fixed, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'other'"))
                .containsExactly("0");
    }

    @Test
    void aSchemaBelongsToOneBundleAndNamesAreChecked() throws Exception {
        Bundle first = install("test.first", "shared", Map.of("V1__t.sql", "CREATE TABLE t (id INT);"));
        Bundle second = install("test.second", "shared", Map.of("V1__t.sql", "CREATE TABLE t (id INT);"));
        Bundle badName = install("test.bad", "Bad-Name", Map.of());
        first.start();
        second.start();
        badName.start();

        assertThat(dataSource("shared").getBundle()).isEqualTo(first);
        assertThat(healthOf(second).message()).contains("test.second", "already used by bundle test.first");
        assertThat(healthOf(badName).message()).contains("DGE-Storage-Schema", "Bad-Name");

        first.stop();
        second.stop();
        second.start();
        assertThat(dataSource("shared").getBundle()).as("free again once its owner stopped").isEqualTo(second);
    }

    @Test
    void eachBundleHasAFileStoreOfItsOwn() throws Exception {
        Bundle one = install("test.one", null, Map.of());
        Bundle two = install("test.two", null, Map.of());
        one.start();
        two.start();

        FileStore storeOfOne = fileStore(one);
        FileStore storeOfTwo = fileStore(two);
        storeOfOne.put("docs/guide.txt", new ByteArrayInputStream("guide".getBytes(StandardCharsets.UTF_8)));

        assertThat(storeOfOne.list("")).containsExactly("docs/guide.txt");
        assertThat(storeOfTwo.list("")).isEmpty();
        assertThat(Files.readString(work.resolve("data/files/test.one/docs/guide.txt"))).isEqualTo("guide");
    }

    @Test
    void storageReportsTheDatabaseAndWithdrawsEveryDataSourceWhenItStops() throws Exception {
        HealthCheck database = system.getService(awaitService(HealthCheck.class, "(health.name=database)"));
        HealthResult result = database.check();
        assertThat(result.status()).as(result.message()).isEqualTo(HealthStatus.UP);
        assertThat(result.message()).contains("embedded H2 database", "answered");

        Bundle plugin = install("test.restart", "restart", Map.of("V1__t.sql", "CREATE TABLE t (id INT);"));
        plugin.start();
        assertThat(dataSource("restart")).isNotNull();
        storage.stop();
        assertThat(dataSource("restart")).isNull();
        storage.start();
        assertThat(awaitService(DataSource.class, "(" + StorageHeaders.SCHEMA + "=restart)").getBundle()).isEqualTo(plugin);
    }

    private Bundle install(String symbolicName, String schema, Map<String, String> migrations) throws Exception {
        Bundle bundle = system.installBundle("test:" + symbolicName, jar(symbolicName, schema, migrations));
        plugins.add(bundle);
        return bundle;
    }

    /** A plugin bundle without code: a manifest and its migrations. */
    private static InputStream jar(String symbolicName, String schema, Map<String, String> migrations) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "fr.datagrandest.platform.api.storage,javax.sql");
        if (schema != null) {
            main.putValue(StorageHeaders.SCHEMA_HEADER, schema);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            for (Map.Entry<String, String> migration : new LinkedHashMap<>(migrations).entrySet()) {
                out.putNextEntry(new JarEntry(StorageHeaders.MIGRATION_FOLDER + "/" + migration.getKey()));
                out.write(migration.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private static ServiceReference<DataSource> dataSource(String schema) throws Exception {
        Collection<ServiceReference<DataSource>> references = system.getServiceReferences(DataSource.class,
                "(" + StorageHeaders.SCHEMA + "=" + schema + ")");
        return references.isEmpty() ? null : references.iterator().next();
    }

    /** The health check a bundle registered, run; null when it has none. */
    private static HealthResult healthOf(Bundle bundle) {
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        if (registered == null) {
            return null;
        }
        for (ServiceReference<?> reference : registered) {
            if (Arrays.asList((String[]) reference.getProperty("objectClass")).contains(HealthCheck.class.getName())) {
                return ((HealthCheck) system.getService(reference)).check();
            }
        }
        return null;
    }

    private static FileStore fileStore(Bundle bundle) {
        BundleContext context = bundle.getBundleContext();
        return context.getService(context.getServiceReference(FileStore.class));
    }

    private static <T> ServiceReference<T> awaitService(Class<T> type, String filter) throws Exception {
        for (int i = 0; i < 100; i++) {
            Collection<ServiceReference<T>> references = system.getServiceReferences(type, filter);
            if (!references.isEmpty()) {
                return references.iterator().next();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type.getSimpleName() + " service " + filter + " within 5 s");
    }

    private static Path classPathJar(String prefix) {
        Pattern name = Pattern.compile(Pattern.quote(prefix) + "\\d.*\\.jar");
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(path -> name.matcher(path.getFileName().toString()).matches())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar on the test class path"));
    }
}
