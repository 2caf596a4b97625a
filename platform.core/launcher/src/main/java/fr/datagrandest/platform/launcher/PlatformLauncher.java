package fr.datagrandest.platform.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Boots Felix with the bundles of the chosen profile, replaced or completed by the modules the module manager
 * recorded as deployed, stopped or removed. The framework cache is rebuilt at every start from those two
 * sources only, so a crash in the middle of a deploy can never leave a half-updated bundle behind: what runs
 * after a restart is exactly the last committed state.
 */
final class PlatformLauncher {

    private final RunOptions options;
    private final PrintStream out;

    PlatformLauncher(RunOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    void launchAndWait() throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(options.dataDir());
        // Held for the platform's life: backup, restore and a second platform on the same data refuse to run.
        BackupCommand.DataLock lock = BackupCommand.DataLock.acquire(options.dataDir());
        Framework framework = start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(framework), "dge-shutdown"));
        out.printf("DataGrandEst platform started in %d ms: http://localhost:%d/ (profile %s, %d bundles, data %s)%n",
                (System.nanoTime() - started) / 1_000_000, options.port(), options.profile(),
                framework.getBundleContext().getBundles().length - 1, options.dataDir());
        FrameworkEvent event = framework.waitForStop(0);
        if (event.getType() == FrameworkEvent.ERROR) {
            throw new IllegalStateException("the framework stopped on an error", event.getThrowable());
        }
        lock.close();
    }

    Framework start() throws Exception {
        Path data = options.dataDir();
        for (String folder : List.of("conf", "deploy", "modules/store", "cache", "logs")) {
            Files.createDirectories(data.resolve(folder));
        }
        writeDefaultLoggingConfiguration(data.resolve("conf"));
        Profile profile = Profile.load(options.profile(), options.home().resolve("profiles"));
        Map<String, BundleFolder.Entry> shipped = BundleFolder.scan(options.home().resolve("bundles"));
        Map<String, ModuleState.Module> state = ModuleState.read(data);

        Map<String, BundleFolder.Entry> selected = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String pattern : profile.bundlePatterns()) {
            boolean found = false;
            for (BundleFolder.Entry entry : shipped.values()) {
                if (matches(pattern, entry.symbolicName())) {
                    selected.putIfAbsent(entry.symbolicName(), entry);
                    found = true;
                }
            }
            if (!found) {
                missing.add(pattern);
            }
        }
        if (profile.addDependencies()) {
            selected = BundleFolder.withDependencies(selected, shipped);
        }
        Map<String, Path> toInstall = new LinkedHashMap<>();
        selected.forEach((bsn, entry) -> toInstall.put(bsn, entry.file()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("profile " + profile.name() + " names bundles that are not shipped: "
                    + String.join(", ", missing));
        }
        String profileBundles = String.join(",", toInstall.keySet());
        Path store = data.resolve("modules").resolve("store");
        state.forEach((bsn, module) -> {
            if (module.removed()) {
                toInstall.remove(bsn);
            } else if (module.file() != null && Files.isRegularFile(store.resolve(module.file()))) {
                toInstall.put(bsn, store.resolve(module.file()));
            }
        });

        long phase = System.nanoTime();
        Framework framework = ServiceLoader.load(FrameworkFactory.class).iterator().next()
                .newFramework(frameworkProperties(profile, profileBundles));
        framework.init();
        phase = trace("framework init", phase);
        List<Bundle> bundles = new ArrayList<>();
        for (Map.Entry<String, Path> entry : toInstall.entrySet()) {
            // reference: keeps the jar where it is (shipped jars and the content-addressed store never change)
            bundles.add(framework.getBundleContext().installBundle("reference:" + entry.getValue().toUri()));
        }
        phase = trace("install " + bundles.size() + " bundles", phase);
        framework.start();
        // One resolve pass for the whole set is much cheaper than one per bundle start.
        framework.adapt(FrameworkWiring.class).resolveBundles(bundles);
        trace("resolve", phase);
        List<Bundle> toStart = new ArrayList<>();
        for (Bundle bundle : bundles) {
            ModuleState.Module module = state.get(bundle.getSymbolicName());
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) == null && (module == null || !module.stopped())) {
                toStart.add(bundle);
            }
        }
        // Logging first, so that the other bundles' early messages are not lost; then the others side by side:
        // services find each other whatever the order, and the activations use every core.
        toStart.stream().filter(b -> b.getSymbolicName().startsWith("org.ops4j.pax.logging")).forEach(this::startQuietly);
        try (ExecutorService starters = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()))) {
            for (Bundle bundle : toStart) {
                if (!bundle.getSymbolicName().startsWith("org.ops4j.pax.logging")) {
                    starters.submit(() -> startQuietly(bundle));
                }
            }
        }
        return framework;
    }

    /** With --trace-start, prints how long the phase since {@code since} took; returns now. */
    private long trace(String what, long since) {
        long now = System.nanoTime();
        if (options.traceStart()) {
            out.printf("phase %5d ms  %s%n", (now - since) / 1_000_000, what);
        }
        return now;
    }

    private void startQuietly(Bundle bundle) {
        try {
            long begin = System.nanoTime();
            bundle.start();
            if (options.traceStart()) {
                out.printf("start %5d ms  %s%n", (System.nanoTime() - begin) / 1_000_000, bundle.getSymbolicName());
            }
        } catch (BundleException | RuntimeException e) {
            // One broken module must not stop the platform: it stays installed and /health reports it.
            System.err.printf("Module %s %s could not start: %s%n", bundle.getSymbolicName(), bundle.getVersion(),
                    e.getMessage());
        }
    }

    private static boolean matches(String pattern, String bsn) {
        return pattern.endsWith("*") ? bsn.startsWith(pattern.substring(0, pattern.length() - 1)) : bsn.equals(pattern);
    }

    private Map<String, String> frameworkProperties(Profile profile, String profileBundles) throws IOException {
        Path data = options.dataDir();
        Map<String, String> properties = new HashMap<>(profile.properties());
        // The module manager protects the kernel (with its REST layer) and knows which modules came with the profile.
        Profile kernel = Profile.kernel(options.home().resolve("profiles"));
        properties.put("dge.kernel.bundles", String.join(",", kernel.bundlePatterns()));
        properties.put("dge.profile.bundles", profileBundles);
        properties.put(Constants.FRAMEWORK_STORAGE, data.resolve("cache").resolve("felix").toString());
        // The desired state lives in DATA/modules; the framework cache is only a cache.
        properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        properties.put("org.osgi.service.http.port", Integer.toString(options.port()));
        properties.put("dge.home", options.home().toString());
        properties.put("dge.data", data.toString());
        properties.put("dge.profile", profile.name());
        properties.put("felix.fileinstall.dir", data.resolve("conf").toString());
        properties.putIfAbsent("felix.fileinstall.filter", ".*\\.(cfg|config)");
        properties.putIfAbsent("felix.fileinstall.poll", "500");
        properties.putIfAbsent("felix.fileinstall.noInitialDelay", "true");
        properties.putIfAbsent("felix.fileinstall.log.level", "2");
        // The files in DATA/conf are the administrator's: FileInstall reads them and never writes them back.
        properties.putIfAbsent("felix.fileinstall.enableConfigSave", "false");
        properties.putIfAbsent("org.ops4j.pax.logging.DefaultServiceLog.level", "INFO");
        // The access log, one file per day, next to the application logs.
        properties.putIfAbsent("org.apache.felix.http.requestlog.file.path", data.resolve("logs").resolve("access.log").toString());
        properties.putIfAbsent("org.apache.felix.http.requestlog.file.retaindays", "31");
        properties.putIfAbsent("org.apache.felix.http.requestlog.file.async", "true");
        return properties;
    }

    /**
     * Logging is configured like everything else, by files in DATA/conf: on first start the default logback
     * configuration is copied there and pax-logging is pointed at it (logback rescans it when it changes).
     */
    private void writeDefaultLoggingConfiguration(Path conf) throws IOException {
        // logback substitutes ${dge.logs} from system properties only (framework properties are not visible to
        // it), so the folder of the log files is handed over that way.
        System.setProperty("dge.logs", options.dataDir().resolve("logs").toAbsolutePath().toString());
        Path logback = conf.resolve("logback.xml");
        Path shipped = options.home().resolve("etc").resolve("logback.xml");
        if (!Files.exists(logback) && Files.isRegularFile(shipped)) {
            Files.copy(shipped, logback);
        }
        Path pid = conf.resolve("org.ops4j.pax.logging.cfg");
        if (!Files.exists(pid)) {
            Files.writeString(pid, "# Where pax-logging finds its logback configuration.\n"
                    + "org.ops4j.pax.logging.logback.config.file = " + logback.toString().replace("\\", "/") + "\n");
        }
    }

    private static void stopQuietly(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (Exception e) {
            // the JVM is exiting anyway
        }
    }
}
