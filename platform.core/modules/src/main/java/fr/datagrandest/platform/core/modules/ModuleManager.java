package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

import fr.datagrandest.platform.api.events.PlatformTopics;
import fr.datagrandest.platform.api.health.HealthCheck;
import fr.datagrandest.platform.api.health.HealthResult;
import fr.datagrandest.platform.api.health.HealthStatus;
import fr.datagrandest.platform.api.security.AuditEvent;
import fr.datagrandest.platform.api.security.AuditLog;
import fr.datagrandest.platform.core.web.HttpProblem;

/**
 * Installs, updates, rolls back, stops, starts and removes modules while the platform runs.
 * <p>
 * Every change is checked first (a dry-run resolve that lists all missing requirements, the version rules, the
 * optional signature check); an update holds the module's requests in the {@link SwapGate} until the new
 * version serves, and puts the previous version back if the new one fails to start. The desired state is
 * committed to the {@link ModuleStore} only once the change succeeded. One change runs at a time.
 */
@Component(service = ModuleManager.class, configurationPid = ModuleManager.PID)
@Designate(ocd = ModuleManager.Config.class)
public class ModuleManager {

    @ObjectClassDefinition(name = "Module manager", description = "Runtime deployment of modules")
    public @interface Config {
        @AttributeDefinition(description = "Largest bundle upload, in MiB")
        int maxUploadMiB() default 100;

        @AttributeDefinition(description = "How many previous versions of each module are kept for rollback")
        int keptVersions() default 3;

        @AttributeDefinition(description = "Longest wait, in seconds, for a new version to serve before traffic is released")
        int swapTimeoutSeconds() default 10;

        @AttributeDefinition(description = "A PEM file or a folder of PEM files with trusted certificates; when set, only jars signed by one of them are accepted")
        String trustedCertificates() default "";

        @AttributeDefinition(description = "Module repositories, comma-separated: HTTP(S) URLs of an OSGi repository index (index.xml), or folders holding an index.xml (relative to the data folder)")
        String repositories() default "";
    }

    public static final String PID = "fr.datagrandest.platform.modules";
    /** Component property marking a feature that waits for an optional part of the platform: not a health problem. */
    public static final String OPTIONAL_FEATURE = "dge.health.optional";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModuleManager.class);

    private final BundleContext context;
    private final FrameworkWiring wiring;
    private final SwapGate gate;
    private final HttpRoutes routes;
    private final ServiceComponentRuntime components;
    private final ModuleStore store;
    private final RequirementCheck requirements;
    private final ModuleRepositories repositoriesReader = new ModuleRepositories();
    private volatile SignatureCheck signatures;
    private volatile ModuleSettings config;
    /** Why the last configuration file was rejected, empty when it was applied. */
    private volatile String configurationProblem = "";
    /** Counts the changes made, so that what caches the URL routes knows when to read them again. */
    private final java.util.concurrent.atomic.AtomicLong changeCount = new java.util.concurrent.atomic.AtomicLong();
    /** Modules being swapped right now: not unhealthy, only updating. */
    private final Set<String> swapping = ConcurrentHashMap.newKeySet();
    private final Set<String> kernelBundles;
    private final Set<String> profileBundles;
    private final ReentrantLock changes = new ReentrantLock();
    private final Map<String, String> shippedSha256 = new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditLog auditLog;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    /** Present while the Jakarta REST whiteboard runs: the paths of plugins' REST resources. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RestRoutes restRoutes;

    @Activate
    public ModuleManager(BundleContext context, Config config, @Reference SwapGate gate,
            @Reference HttpServiceRuntime httpRuntime, @Reference ServiceComponentRuntime components) throws IOException {
        this.context = context;
        this.gate = gate;
        this.components = components;
        this.wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        this.routes = new HttpRoutes(context, httpRuntime, () -> restRoutes);
        this.store = new ModuleStore(dataDir(context));
        this.requirements = new RequirementCheck(context);
        this.config = ModuleSettings.DEFAULTS;
        this.signatures = SignatureCheck.from("", dataDir(context).resolve("conf"));
        modified(config);
        this.kernelBundles = csv(context.getProperty("dge.kernel.bundles"));
        this.profileBundles = csv(context.getProperty("dge.profile.bundles"));
        this.kernelBundles.add(context.getBundle().getSymbolicName());
    }

    /**
     * A changed configuration file applies at once; modules and their servlets keep running. A file with a wrong
     * value is refused as a whole: the previous settings stay, and the module's health says why.
     */
    @Modified
    void modified(Config changed) {
        try {
            ModuleSettings settings = ModuleSettings.from(changed);
            SignatureCheck check = SignatureCheck.from(settings.trustedCertificates(), dataDir(context).resolve("conf"));
            this.config = settings;
            this.signatures = check;
            this.configurationProblem = "";
        } catch (IllegalArgumentException | IOException e) {
            this.configurationProblem = "configuration " + PID + " refused, the previous settings stay: " + e.getMessage();
            LOG.warn(configurationProblem);
        }
    }

    static Path dataDir(BundleContext context) {
        String data = context.getProperty("dge.data");
        return Path.of(data == null ? "data" : data);
    }

    long maxUploadBytes() {
        return config.maxUploadMiB() * 1024L * 1024L;
    }

    Path incomingFolder() {
        return store.incomingFolder();
    }

    HttpRoutes routes() {
        return routes;
    }

    long changeCount() {
        return changeCount.get();
    }

    // ---------------------------------------------------------------- reading

    public List<ModuleView> list() throws IOException {
        Map<String, ModuleStore.Entry> entries = store.read();
        List<ModuleView> views = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() != 0) {
                views.add(view(bundle, entries.get(bundle.getSymbolicName())));
            }
        }
        views.sort((a, b) -> a.symbolicName().compareTo(b.symbolicName()));
        return views;
    }

    public Optional<ModuleView> get(String symbolicName) throws IOException {
        ModuleJar.requireValidSymbolicName(symbolicName);
        return find(symbolicName).map(b -> {
            try {
                return view(b, store.read().get(symbolicName));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The versions kept for rollback, newest first, as {version, sha256}. */
    public List<Map<String, String>> previousVersions(String symbolicName) throws IOException {
        ModuleJar.requireValidSymbolicName(symbolicName);
        List<Map<String, String>> versions = new ArrayList<>();
        for (String file : store.get(symbolicName).map(ModuleStore.Entry::history).orElse(List.of())) {
            Path jar = store.jar(file);
            if (Files.isRegularFile(jar)) {
                versions.add(Map.of("version", ModuleJar.read(jar).version().toString(), "sha256", file.replace(".jar", "")));
            }
        }
        return versions;
    }

    private ModuleView view(Bundle bundle, ModuleStore.Entry entry) {
        String bsn = bundle.getSymbolicName();
        Dictionary<String, String> headers = bundle.getHeaders("");
        boolean stopped = entry != null && entry.stopped();
        List<String> messages = new ArrayList<>();
        HealthStatus status = health(bundle, stopped, messages);
        String health = stopped && bundle.getState() != Bundle.ACTIVE ? "STOPPED" : status.name();
        return new ModuleView(bsn, headers.get(Constants.BUNDLE_NAME) == null ? bsn : headers.get(Constants.BUNDLE_NAME),
                bundle.getVersion().toString(), stateName(bundle.getState()), health, messages,
                entry == null ? "profile" : entry.source(), sha256(bundle, entry), kernelBundles.contains(bsn),
                headers.get(Constants.FRAGMENT_HOST) != null, entry == null ? 0 : entry.history().size());
    }

    /** A module's health: started when it should be, its components satisfied, its health checks up. */
    HealthStatus health(Bundle bundle, boolean desiredStopped, List<String> messages) {
        boolean fragment = bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
        if (fragment) {
            if (bundle.getState() == Bundle.INSTALLED) {
                messages.add("fragment not attached to its host");
                return HealthStatus.DOWN;
            }
            return HealthStatus.UP;
        }
        if (swapping.contains(bundle.getSymbolicName())) {
            messages.add("being updated: its requests wait for the new version");
            return HealthStatus.UP;
        }
        if (bundle.getState() != Bundle.ACTIVE) {
            if (desiredStopped) {
                return HealthStatus.UP;
            }
            messages.add(bundle.getState() == Bundle.INSTALLED ? "not resolved: a requirement is missing" : "not started");
            return HealthStatus.DOWN;
        }
        HealthStatus worst = HealthStatus.UP;
        if (bundle.getBundleId() == context.getBundle().getBundleId() && !configurationProblem.isEmpty()) {
            messages.add(configurationProblem);
            worst = HealthStatus.DEGRADED;
        }
        for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs(bundle)) {
            boolean optionalFeature = Boolean.parseBoolean(String.valueOf(description.properties.get(OPTIONAL_FEATURE)));
            for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    messages.add("component " + description.name + " failed to activate: " + configuration.failure);
                    worst = HealthStatus.DOWN;
                } else if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE && !optionalFeature) {
                    // A mandatory service is missing: the component does not run, so the module cannot serve.
                    messages.add("component " + description.name + " waits for "
                            + Arrays.stream(configuration.unsatisfiedReferences).map(r -> r.name).toList());
                    worst = worse(worst, HealthStatus.DOWN);
                }
            }
        }
        List<String> servletProblems = routes.servletsNotServing(bundle);
        if (!servletProblems.isEmpty()) {
            messages.addAll(servletProblems);
            worst = worse(worst, HealthStatus.DOWN);
        }
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        if (registered != null) {
            for (ServiceReference<?> reference : registered) {
                if (reference.getProperty(Constants.OBJECTCLASS) instanceof String[] classes
                        && Arrays.asList(classes).contains(HealthCheck.class.getName())) {
                    worst = worse(worst, runCheck(reference, messages));
                }
            }
        }
        return worst;
    }

    private HealthStatus runCheck(ServiceReference<?> reference, List<String> messages) {
        Object service = context.getService(reference);
        try {
            if (!(service instanceof HealthCheck check)) {
                return HealthStatus.UP;
            }
            HealthResult result = check.check();
            if (result.status() != HealthStatus.UP && !result.message().isEmpty()) {
                messages.add(result.message());
            }
            return result.status();
        } catch (RuntimeException e) {
            messages.add("health check failed: " + e.getMessage());
            return HealthStatus.DOWN;
        } finally {
            context.ungetService(reference);
        }
    }

    private static HealthStatus worse(HealthStatus a, HealthStatus b) {
        return a.ordinal() >= b.ordinal() ? a : b;
    }

    private String sha256(Bundle bundle, ModuleStore.Entry entry) {
        if (entry != null && entry.file() != null) {
            return entry.file().replace(".jar", "");
        }
        return shippedSha256.computeIfAbsent(bundle.getLocation(), location -> {
            try {
                Path jar = shippedJar(location);
                return jar == null ? "" : ModuleJar.sha256(jar);
            } catch (IOException e) {
                return "";
            }
        });
    }

    private static Path shippedJar(String location) {
        String uri = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        try {
            return uri.startsWith("file:") ? Path.of(URI.create(uri)) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- changing

    /**
     * Deploys a jar: installs it, or updates the module with the same symbolic name. The file is consumed
     * (moved into the store or deleted) whatever happens.
     */
    public OperationResult deploy(Path upload, String source, String actor, boolean dryRun, boolean force)
            throws IOException {
        changes.lock();
        try {
            ModuleJar jar = ModuleJar.read(upload);
            String bsn = jar.symbolicName();
            signatures.verify(upload);
            Optional<Bundle> existing = find(bsn);
            if (existing.isPresent() && existing.get().getBundleId() == context.getBundle().getBundleId()) {
                throw HttpProblem.conflict("the module manager cannot replace itself while it runs; "
                        + "install the new kernel distribution and restart");
            }
            if (existing.isPresent() && kernelBundles.contains(bsn) && !force) {
                throw HttpProblem.conflict(bsn + " is part of the kernel; updating it at runtime needs force=true");
            }
            String action = action(existing, jar);
            if (action.equals("downgraded") && !force) {
                throw HttpProblem.conflict("refused downgrade of " + bsn + " from " + existing.get().getVersion()
                        + " to " + jar.version() + ": deploy with force=true to allow it, or use rollback");
            }
            List<String> missing = requirements.missingRequirements(jar);
            if (!missing.isEmpty()) {
                throw new UnresolvedModule(bsn, jar.version().toString(), missing);
            }
            String from = existing.map(b -> b.getVersion().toString()).orElse("");
            if (dryRun || action.equals("unchanged")) {
                Files.deleteIfExists(upload);
                String message = action.equals("unchanged")
                        ? bsn + " " + jar.version() + " is already running (same SHA-256): nothing to do"
                        : "dry run: " + bsn + " " + jar.version() + " resolves and would be " + action;
                return new OperationResult(action, bsn, from, jar.version().toString(), jar.sha256(), dryRun, 0,
                        List.of(), message);
            }
            String file = store.keep(upload, jar.sha256());
            OperationResult result;
            if (existing.isEmpty()) {
                result = install(jar, file, source);
            } else {
                Bundle bundle = existing.get();
                ModuleStore.Entry entry = store.get(bsn).orElse(ModuleStore.Entry.shipped());
                String previous = currentFile(bundle, entry);
                Swap swap = swap(bundle, store.jar(file), previous == null ? null : store.jar(previous), !entry.stopped());
                List<String> history = new ArrayList<>();
                if (previous != null) {
                    history.add(previous);
                }
                entry.history().stream().filter(h -> !h.equals(file) && !history.contains(h)).forEach(history::add);
                store.put(bsn, new ModuleStore.Entry(file, source, entry.stopped(), false,
                        history.subList(0, Math.min(history.size(), config.keptVersions()))));
                result = new OperationResult(action, bsn, from, jar.version().toString(), jar.sha256(), false,
                        swap.millis(), swap.refreshed(), bsn + " " + action + " from " + from + " to " + jar.version()
                                + " (requests held " + swap.millis() + " ms)");
            }
            audit(actor, "module.deploy", bsn, "success", result.message() + " [source " + source + ", sha256 " + jar.sha256() + "]");
            post(bsn, result.action(), result.toVersion());
            return result;
        } catch (HttpProblem e) {
            Files.deleteIfExists(upload);
            audit(actor, dryRun ? "module.dry-run" : "module.deploy", upload.getFileName().toString(), "refused", e.getMessage());
            throw e;
        } finally {
            changeCount.incrementAndGet();
            changes.unlock();
        }
    }

    private String action(Optional<Bundle> existing, ModuleJar jar) {
        if (existing.isEmpty()) {
            return "installed";
        }
        int comparison = jar.version().compareTo(existing.get().getVersion());
        if (comparison > 0) {
            return "updated";
        }
        if (comparison < 0) {
            return "downgraded";
        }
        String running = sha256(existing.get(), safeEntry(jar.symbolicName()));
        return jar.sha256().equals(running) ? "unchanged" : "reinstalled";
    }

    private ModuleStore.Entry safeEntry(String bsn) {
        try {
            return store.get(bsn).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private OperationResult install(ModuleJar jar, String file, String source) throws IOException {
        Bundle bundle;
        try {
            bundle = context.installBundle("reference:" + store.jar(file).toUri());
        } catch (BundleException e) {
            throw HttpProblem.unprocessable("the framework refused the bundle: " + e.getMessage());
        }
        try {
            if (!wiring.resolveBundles(Set.of(bundle))) {
                throw HttpProblem.unprocessable(jar.symbolicName() + " " + jar.version()
                        + " does not resolve against the running platform (a uses-constraint conflict)");
            }
            if (!jar.isFragment()) {
                bundle.start();
                awaitReady(bundle, Set.of());
            }
        } catch (BundleException | RuntimeException e) {
            uninstallQuietly(bundle);
            if (e instanceof HttpProblem problem) {
                throw problem;
            }
            throw HttpProblem.unprocessable(jar.symbolicName() + " " + jar.version() + " failed to start: " + e.getMessage());
        }
        store.put(jar.symbolicName(), new ModuleStore.Entry(file, source, false, false, List.of()));
        return new OperationResult("installed", jar.symbolicName(), "", jar.version().toString(), jar.sha256(), false,
                0, List.of(), jar.symbolicName() + " " + jar.version() + " installed and started");
    }

    public OperationResult rollback(String bsn, String actor) throws IOException {
        return change(bsn, actor, "module.rollback", bundle -> {
            ModuleStore.Entry entry = store.get(bsn).orElse(ModuleStore.Entry.shipped());
            if (entry.history().isEmpty()) {
                throw HttpProblem.conflict("no previous version of " + bsn + " is kept: nothing to roll back to");
            }
            String previous = entry.history().get(0);
            ModuleJar jar = ModuleJar.read(store.jar(previous));
            List<String> missing = requirements.missingRequirements(jar);
            if (!missing.isEmpty()) {
                throw new UnresolvedModule(bsn, jar.version().toString(), missing);
            }
            String from = bundle.getVersion().toString();
            String current = currentFile(bundle, entry);
            Swap swap = swap(bundle, store.jar(previous), current == null ? null : store.jar(current), !entry.stopped());
            store.put(bsn, new ModuleStore.Entry(previous, entry.source(), entry.stopped(), false,
                    entry.history().subList(1, entry.history().size())));
            return new OperationResult("rolled-back", bsn, from, jar.version().toString(), jar.sha256(), false,
                    swap.millis(), swap.refreshed(), bsn + " rolled back from " + from + " to " + jar.version());
        });
    }

    public OperationResult stop(String bsn, String actor) throws IOException {
        return change(bsn, actor, "module.stop", bundle -> {
            requireNotKernel(bsn, "stopped");
            try {
                bundle.stop();
            } catch (BundleException e) {
                throw HttpProblem.unprocessable(bsn + " could not be stopped: " + e.getMessage());
            }
            store.put(bsn, store.get(bsn).orElse(ModuleStore.Entry.shipped()).withStopped(true));
            return simple("stopped", bundle, bsn + " stopped");
        });
    }

    public OperationResult start(String bsn, String actor) throws IOException {
        return change(bsn, actor, "module.start", bundle -> {
            try {
                bundle.start();
            } catch (BundleException e) {
                throw HttpProblem.unprocessable(bsn + " could not be started: " + e.getMessage());
            }
            awaitReady(bundle, Set.of());
            store.put(bsn, store.get(bsn).orElse(ModuleStore.Entry.shipped()).withStopped(false));
            return simple("started", bundle, bsn + " started");
        });
    }

    public OperationResult uninstall(String bsn, String actor) throws IOException {
        return change(bsn, actor, "module.uninstall", bundle -> {
            requireNotKernel(bsn, "removed");
            Set<Bundle> dependents = new HashSet<>(wiring.getDependencyClosure(Set.of(bundle)));
            dependents.remove(bundle);
            String version = bundle.getVersion().toString();
            try {
                bundle.uninstall();
            } catch (BundleException e) {
                throw HttpProblem.unprocessable(bsn + " could not be removed: " + e.getMessage());
            }
            refresh(Set.of(bundle));
            store.put(bsn, profileBundles.contains(bsn)
                    ? new ModuleStore.Entry(null, "profile", false, true, List.of()) : null);
            return new OperationResult("uninstalled", bsn, version, "", "", false, 0, names(dependents),
                    bsn + " " + version + " removed" + (dependents.isEmpty() ? "" : "; modules that used it were restarted: " + names(dependents)));
        });
    }

    // ---------------------------------------------------------------- repositories

    /** A module the repositories offer: its versions, what runs, whether a newer one is offered. */
    public record AvailableModule(String symbolicName, String description, String license, List<String> versions,
            String latest, String installedVersion, boolean newer, List<String> repositories) {
    }

    /** One configured repository: {@code available} with the number of modules, or the problem. */
    public record RepositoryView(String location, String name, boolean available, int modules, String problem) {
    }

    /** What {@code GET /api/admin/modules/available} answers. */
    public record Availability(List<RepositoryView> repositories, List<AvailableModule> modules) {
    }

    /** One module the installation adds or changes. */
    public record PlanStep(String action, String symbolicName, String fromVersion, String toVersion, String sha256,
            long size, String url) {
    }

    /** What an installation from the repositories did, or would do for a dry run. */
    public record InstallPlan(String symbolicName, String version, boolean dryRun, List<PlanStep> steps, String message) {
    }

    public Availability available() {
        List<ModuleRepositories.Status> statuses = repositoriesReader.read(config.repositories(), dataDir(context));
        List<RepositoryView> views = statuses.stream().map(s -> new RepositoryView(s.location(),
                s.available() ? s.index().name() : "", s.available(), s.available() ? s.index().offers().size() : 0,
                s.problem())).toList();
        Map<String, List<RepositoryIndex.Offer>> byName = new java.util.TreeMap<>();
        Map<String, Set<String>> where = new java.util.HashMap<>();
        for (ModuleRepositories.Status status : statuses) {
            if (!status.available()) {
                continue;
            }
            for (RepositoryIndex.Offer offer : status.index().offers()) {
                byName.computeIfAbsent(offer.symbolicName(), k -> new ArrayList<>()).add(offer);
                where.computeIfAbsent(offer.symbolicName(), k -> new LinkedHashSet<>()).add(status.location());
            }
        }
        List<AvailableModule> modules = new ArrayList<>();
        byName.forEach((bsn, offers) -> {
            offers.sort(java.util.Comparator.comparing(RepositoryIndex.Offer::version).reversed());
            RepositoryIndex.Offer latest = offers.get(0);
            Optional<Bundle> running = find(bsn);
            modules.add(new AvailableModule(bsn, latest.description(), latest.license(),
                    offers.stream().map(o -> o.version().toString()).distinct().toList(), latest.version().toString(),
                    running.map(b -> b.getVersion().toString()).orElse(""),
                    running.isPresent() && latest.version().compareTo(running.get().getVersion()) > 0,
                    List.copyOf(where.get(bsn))));
        });
        return new Availability(views, modules);
    }

    /**
     * Installs a module from the repositories with everything it needs, dependencies first; a dry run only says
     * what would be added or changed. Nothing changes unless the whole plan resolves, every download arrives
     * and every SHA-256 matches its index.
     */
    public InstallPlan installFromRepository(String bsn, String version, String actor, boolean dryRun) throws IOException {
        ModuleJar.requireValidSymbolicName(bsn);
        Optional<org.osgi.framework.Version> wanted;
        try {
            wanted = version == null || version.isBlank() ? Optional.empty() : Optional.of(org.osgi.framework.Version.parseVersion(version.strip()));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("'" + version + "' is not a version");
        }
        changes.lock();
        List<Path> downloads = new ArrayList<>();
        try {
            List<ModuleRepositories.Status> statuses = repositoriesReader.read(config.repositories(), dataDir(context));
            if (statuses.isEmpty()) {
                throw HttpProblem.conflict("no module repository is configured (property 'repositories' of " + PID + ")");
            }
            List<RepositoryIndex.Offer> offers = statuses.stream().filter(ModuleRepositories.Status::available)
                    .flatMap(s -> s.index().offers().stream()).toList();
            String down = statuses.stream().filter(s -> !s.available()).map(s -> s.location() + ": " + s.problem())
                    .reduce((a, b) -> a + "; " + b).map(p -> " (unavailable: " + p + ")").orElse("");
            RepositoryResolver resolver = new RepositoryResolver(runningBundles(), offers);
            List<RepositoryResolver.Step> steps;
            RepositoryIndex.Offer target;
            try {
                target = resolver.choose(bsn, wanted);
                steps = resolver.plan(target);
            } catch (RepositoryResolver.Refused e) {
                throw new HttpProblem(409, "Cannot install", e.getMessage() + down);
            }
            List<PlanStep> planned = steps.stream().map(s -> new PlanStep(s.action(), s.offer().symbolicName(),
                    s.fromVersion(), s.offer().version().toString(), s.offer().sha256(), s.offer().size(),
                    s.offer().url().toString())).toList();
            if (steps.isEmpty()) {
                return new InstallPlan(bsn, target.version().toString(), dryRun, planned,
                        bsn + " " + target.version() + " is already running: nothing to do");
            }
            String list = planned.stream().map(p -> p.action() + " " + p.symbolicName() + " "
                    + (p.fromVersion().isEmpty() ? "" : p.fromVersion() + " → ") + p.toVersion())
                    .reduce((a, b) -> a + ", " + b).orElse("");
            if (dryRun) {
                audit(actor, "module.install.dry-run", bsn, "success", list);
                return new InstallPlan(bsn, target.version().toString(), true, planned, "dry run: would " + list);
            }
            // Everything is downloaded and checked before anything changes.
            for (RepositoryResolver.Step step : steps) {
                Path file;
                try {
                    file = repositoriesReader.download(step.offer().url(), store.incomingFolder(), maxUploadBytes());
                } catch (IOException e) {
                    throw new HttpProblem(502, "Repository unavailable", "could not download " + step.offer().label()
                            + " from " + step.offer().url() + ": " + ModuleRepositories.message(e) + "; nothing was installed");
                }
                downloads.add(file);
                String actual = ModuleJar.sha256(file);
                if (!actual.equals(step.offer().sha256())) {
                    throw HttpProblem.unprocessable("checksum mismatch for " + step.offer().label() + ": the index says SHA-256 "
                            + step.offer().sha256() + ", the downloaded file has " + actual + "; nothing was installed");
                }
                ModuleJar jar = ModuleJar.read(file);
                if (!jar.symbolicName().equals(step.offer().symbolicName()) || !jar.version().equals(step.offer().version())) {
                    throw HttpProblem.unprocessable(step.offer().url() + " is " + jar.symbolicName() + " " + jar.version()
                            + ", not " + step.offer().label() + " as the index says; nothing was installed");
                }
                try {
                    signatures.verify(file);
                } catch (HttpProblem e) {
                    throw HttpProblem.unprocessable(step.offer().label() + " from " + step.offer().url() + ": "
                            + e.getMessage() + "; nothing was installed");
                }
            }
            // Updates of running modules first, one by one with the usual swap; then the new modules together,
            // resolved as one set (they may need each other).
            List<OperationResult> done = new ArrayList<>();
            List<Path> fresh = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                RepositoryResolver.Step step = steps.get(i);
                if (!step.action().equals("update")) {
                    fresh.add(downloads.get(i));
                    continue;
                }
                try {
                    done.add(deploy(downloads.get(i), "repository", actor, false, false));
                    downloads.set(i, null);
                } catch (HttpProblem | IOException e) {
                    downloads.set(i, null);
                    undo(done, actor);
                    throw new HttpProblem(409, "Cannot install", "updating " + step.offer().label() + " failed: "
                            + e.getMessage() + "; what this installation had changed was put back");
                }
            }
            if (!fresh.isEmpty()) {
                try {
                    for (OperationResult result : installTogether(fresh)) {
                        audit(actor, "module.deploy", result.symbolicName(), "success", result.message() + " [source repository, sha256 " + result.sha256() + "]");
                        post(result.symbolicName(), result.action(), result.toVersion());
                    }
                } catch (HttpProblem e) {
                    undo(done, actor);
                    throw new HttpProblem(409, "Cannot install", e.getMessage() + "; what this installation had changed was put back");
                } finally {
                    for (int i = 0; i < downloads.size(); i++) {
                        if (fresh.contains(downloads.get(i))) {
                            Files.deleteIfExists(downloads.get(i));
                            downloads.set(i, null);
                        }
                    }
                }
            }
            audit(actor, "module.install", bsn, "success", list);
            return new InstallPlan(bsn, target.version().toString(), false, planned, list);
        } catch (HttpProblem e) {
            if (!dryRun) {
                audit(actor, "module.install", bsn, "refused", e.getMessage());
            }
            throw e;
        } finally {
            for (Path file : downloads) {
                if (file != null) {
                    Files.deleteIfExists(file);
                }
            }
            changes.unlock();
        }
    }

    /** Installs new modules as one set: all are installed, then resolved together, then started. */
    private List<OperationResult> installTogether(List<Path> files) throws IOException {
        List<Bundle> bundles = new ArrayList<>();
        List<ModuleJar> jars = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        try {
            for (Path file : files) {
                ModuleJar jar = ModuleJar.read(file);
                if (find(jar.symbolicName()).isPresent()) {
                    throw HttpProblem.conflict(jar.symbolicName() + " was installed meanwhile");
                }
                String name = store.keep(file, jar.sha256());
                jars.add(jar);
                kept.add(name);
                try {
                    bundles.add(context.installBundle("reference:" + store.jar(name).toUri()));
                } catch (BundleException e) {
                    throw HttpProblem.unprocessable("the framework refused " + jar.symbolicName() + " " + jar.version() + ": " + e.getMessage());
                }
            }
            if (!wiring.resolveBundles(bundles)) {
                List<Bundle> stuck = bundles.stream().filter(b -> b.getState() == Bundle.INSTALLED).toList();
                List<String> unresolved = stuck.stream().map(b -> b.getSymbolicName() + " " + b.getVersion()).toList();
                String why = "";
                try {
                    stuck.get(0).start(); // the framework's own explanation comes with the failure
                } catch (BundleException e) {
                    why = " (" + e.getMessage() + ")";
                }
                throw HttpProblem.unprocessable("these modules do not resolve with the running platform: " + unresolved + why);
            }
            for (int i = 0; i < bundles.size(); i++) {
                if (!jars.get(i).isFragment()) {
                    bundles.get(i).start();
                }
            }
            for (int i = 0; i < bundles.size(); i++) {
                if (!jars.get(i).isFragment()) {
                    awaitReady(bundles.get(i), Set.of());
                }
            }
        } catch (BundleException | RuntimeException e) {
            for (int i = bundles.size() - 1; i >= 0; i--) {
                uninstallQuietly(bundles.get(i));
            }
            if (!bundles.isEmpty()) {
                refresh(new HashSet<>(bundles));
            }
            if (e instanceof HttpProblem problem) {
                throw problem;
            }
            throw HttpProblem.unprocessable("a module failed to start: " + e.getMessage());
        }
        List<OperationResult> results = new ArrayList<>();
        for (int i = 0; i < jars.size(); i++) {
            ModuleJar jar = jars.get(i);
            store.put(jar.symbolicName(), new ModuleStore.Entry(kept.get(i), "repository", false, false, List.of()));
            results.add(new OperationResult("installed", jar.symbolicName(), "", jar.version().toString(), jar.sha256(),
                    false, 0, List.of(), jar.symbolicName() + " " + jar.version() + " installed from a repository and started"));
        }
        return results;
    }

    /** Puts back what a failed installation had done, last change first. */
    private void undo(List<OperationResult> done, String actor) {
        for (int i = done.size() - 1; i >= 0; i--) {
            OperationResult result = done.get(i);
            try {
                if (result.action().equals("installed")) {
                    uninstall(result.symbolicName(), actor);
                } else {
                    rollback(result.symbolicName(), actor);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("could not undo {} of {}: {}", result.action(), result.symbolicName(), e.getMessage());
            }
        }
    }

    /** The modules that use {@code bsn} (wired to it, directly or through others): what removing it affects. */
    public List<String> dependants(String bsn) {
        Bundle bundle = find(bsn).orElseThrow(() -> HttpProblem.notFound("no module named " + bsn + " is installed"));
        Set<Bundle> dependents = new HashSet<>(wiring.getDependencyClosure(Set.of(bundle)));
        dependents.remove(bundle);
        return names(dependents);
    }

    /** What runs, as the resolver sees it: capabilities, and who is wired to them. */
    private List<RepositoryResolver.Running> runningBundles() {
        List<RepositoryResolver.Running> running = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            org.osgi.framework.wiring.BundleRevision revision = bundle.adapt(org.osgi.framework.wiring.BundleRevision.class);
            if (revision == null) {
                continue;
            }
            List<RepositoryIndex.Clause> capabilities = revision.getDeclaredCapabilities(null).stream()
                    .map(c -> new RepositoryIndex.Clause(c.getNamespace(), c.getAttributes(), c.getDirectives())).toList();
            List<RepositoryResolver.Use> uses = new ArrayList<>();
            org.osgi.framework.wiring.BundleWiring bundleWiring = bundle.adapt(org.osgi.framework.wiring.BundleWiring.class);
            if (bundleWiring != null) {
                for (org.osgi.framework.wiring.BundleWire wire : bundleWiring.getProvidedWires(null)) {
                    var requirement = wire.getRequirement();
                    uses.add(new RepositoryResolver.Use(wire.getRequirer().getSymbolicName(), new RepositoryIndex.Clause(
                            requirement.getNamespace(), requirement.getAttributes(), requirement.getDirectives())));
                }
            }
            running.add(new RepositoryResolver.Running(String.valueOf(bundle.getSymbolicName()), bundle.getVersion(), capabilities, uses));
        }
        return running;
    }

    private interface Change {
        OperationResult apply(Bundle bundle) throws IOException;
    }

    private OperationResult change(String bsn, String actor, String action, Change change) throws IOException {
        ModuleJar.requireValidSymbolicName(bsn);
        changes.lock();
        try {
            Bundle bundle = find(bsn).orElseThrow(() -> HttpProblem.notFound("no module named " + bsn + " is installed"));
            if (bundle.getBundleId() == context.getBundle().getBundleId()) {
                throw HttpProblem.conflict("the module manager cannot change itself while it runs");
            }
            OperationResult result = change.apply(bundle);
            audit(actor, action, bsn, "success", result.message());
            post(bsn, result.action(), result.toVersion());
            return result;
        } catch (HttpProblem e) {
            audit(actor, action, bsn, "refused", e.getMessage());
            throw e;
        } finally {
            changeCount.incrementAndGet();
            changes.unlock();
        }
    }

    private void requireNotKernel(String bsn, String what) {
        if (kernelBundles.contains(bsn)) {
            throw HttpProblem.conflict(bsn + " is part of the kernel and cannot be " + what + " while the platform runs");
        }
    }

    private static OperationResult simple(String action, Bundle bundle, String message) {
        return new OperationResult(action, bundle.getSymbolicName(), bundle.getVersion().toString(),
                bundle.getVersion().toString(), "", false, 0, List.of(), message);
    }

    /** The store file of the jar the bundle runs now, copying a shipped jar into the store if needed. */
    private String currentFile(Bundle bundle, ModuleStore.Entry entry) throws IOException {
        if (entry.file() != null && Files.isRegularFile(store.jar(entry.file()))) {
            return entry.file();
        }
        Path shipped = shippedJar(bundle.getLocation());
        return shipped != null && Files.isRegularFile(shipped) ? store.copyIn(shipped) : null;
    }

    // ---------------------------------------------------------------- the swap

    record Swap(long millis, List<String> refreshed) {
    }

    /**
     * Replaces the running revision of a bundle with the jar, holding the requests of the bundle and of the
     * bundles that will be refreshed with it until the new version serves. If the new version cannot start,
     * the previous jar is put back and the error reported.
     */
    private Swap swap(Bundle bundle, Path newJar, Path previousJar, boolean start) {
        Set<Bundle> closure = new LinkedHashSet<>(wiring.getDependencyClosure(Set.of(bundle)));
        Set<String> patterns = new HashSet<>();
        for (Bundle b : closure) {
            patterns.addAll(routes.patternsOf(b.getSymbolicName()));
        }
        Set<String> ownPatterns = routes.patternsOf(bundle.getSymbolicName());
        long begin = System.nanoTime();
        closure.forEach(b -> swapping.add(b.getSymbolicName()));
        try (AutoCloseable held = gate.hold(patterns)) {
            try {
                replace(bundle, newJar, closure, start);
                awaitReady(bundle, start ? ownPatterns : Set.of());
            } catch (BundleException | RuntimeException e) {
                String reason = e.getMessage();
                if (previousJar != null) {
                    try {
                        replace(bundle, previousJar, closure, start);
                        awaitReady(bundle, Set.of());
                    } catch (BundleException | RuntimeException again) {
                        reason += "; restoring the previous version failed too: " + again.getMessage();
                    }
                }
                throw HttpProblem.unprocessable("the new version of " + bundle.getSymbolicName()
                        + " failed to start, the previous version keeps serving: " + reason);
            }
        } catch (HttpProblem e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            closure.forEach(b -> swapping.remove(b.getSymbolicName()));
        }
        closure.remove(bundle);
        return new Swap((System.nanoTime() - begin) / 1_000_000, names(closure));
    }

    private void replace(Bundle bundle, Path jar, Set<Bundle> closure, boolean start) throws BundleException {
        bundle.stop();
        try (InputStream in = Files.newInputStream(jar)) {
            bundle.update(in);
        } catch (IOException e) {
            throw new BundleException("cannot read " + jar.getFileName() + ": " + e.getMessage(), e);
        }
        refresh(closure);
        if (start && bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
            bundle.start();
        }
    }

    private void refresh(Set<Bundle> bundles) {
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(bundles, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(config.swapTimeoutSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the framework did not finish refreshing within " + config.swapTimeoutSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while refreshing");
        }
    }

    /**
     * Waits until the bundle is active, its components are satisfied and it serves at least the given URL
     * patterns. A component that failed to activate is an error; patterns that do not come back within a
     * second once the components are up are taken as the new version serving other URLs.
     */
    private void awaitReady(Bundle bundle, Set<String> expectedPatterns) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.swapTimeoutSeconds());
        long componentsUpSince = 0;
        while (System.nanoTime() < deadline) {
            if (bundle.getState() == Bundle.ACTIVE || bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
                boolean settled = true;
                for (ComponentDescriptionDTO description : components.getComponentDescriptionDTOs(bundle)) {
                    boolean optionalFeature = Boolean.parseBoolean(String.valueOf(description.properties.get(OPTIONAL_FEATURE)));
                    for (ComponentConfigurationDTO configuration : components.getComponentConfigurationDTOs(description)) {
                        if (configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                            throw new IllegalStateException("component " + description.name + " failed to activate: "
                                    + configuration.failure);
                        }
                        settled &= optionalFeature || configuration.state != ComponentConfigurationDTO.UNSATISFIED_REFERENCE;
                    }
                }
                if (settled) {
                    if (expectedPatterns.isEmpty() || routes.patternsOf(bundle.getSymbolicName()).containsAll(expectedPatterns)) {
                        return;
                    }
                    componentsUpSince = componentsUpSince == 0 ? System.nanoTime() : componentsUpSince;
                    if (System.nanoTime() - componentsUpSince > TimeUnit.SECONDS.toNanos(1)) {
                        return;
                    }
                }
            } else if (bundle.getState() == Bundle.RESOLVED || bundle.getState() == Bundle.INSTALLED) {
                throw new IllegalStateException("the bundle is not active after start");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("not ready after " + config.swapTimeoutSeconds() + " s");
    }

    // ---------------------------------------------------------------- helpers

    Optional<Bundle> find(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    private void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
            refresh(Set.of(bundle));
        } catch (BundleException | RuntimeException e) {
            // it is being removed because it failed; nothing more to do
        }
    }

    void audit(String actor, String action, String target, String result, String detail) {
        AuditLog log = auditLog;
        if (log != null) {
            log.record(AuditEvent.of(actor, action, target, result, detail));
        }
    }

    private void post(String bsn, String action, String version) {
        EventAdmin events = eventAdmin;
        if (events != null) {
            events.postEvent(new Event(PlatformTopics.MODULE_CHANGED,
                    Map.of("bundle.symbolicName", bsn, "action", action, "version", version == null ? "" : version)));
        }
    }

    private static List<String> names(Set<Bundle> bundles) {
        return bundles.stream().map(Bundle::getSymbolicName).sorted().toList();
    }

    private static Set<String> csv(String value) {
        Set<String> result = new HashSet<>();
        if (value != null) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    result.add(part.strip());
                }
            }
        }
        return result;
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
