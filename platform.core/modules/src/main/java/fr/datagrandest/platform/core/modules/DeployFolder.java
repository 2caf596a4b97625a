package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.datagrandest.platform.core.web.HttpProblem;

/**
 * Watches {@code DATA/deploy}: a jar dropped there is deployed like an upload, once its size has stopped
 * changing. A deployed jar is removed from the folder; a refused one moves to {@code deploy/refused/} with a
 * {@code .txt} file that says why.
 */
@Component(immediate = true)
public class DeployFolder {

    private static final Logger LOG = LoggerFactory.getLogger(DeployFolder.class);

    private final ModuleManager modules;
    private final Path folder;
    private final Map<Path, Long> lastSizes = new HashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "dge-deploy-folder"));

    @Activate
    public DeployFolder(BundleContext context, @Reference ModuleManager modules) {
        this.modules = modules;
        this.folder = ModuleManager.dataDir(context).resolve("deploy");
        poller.scheduleWithFixedDelay(this::scan, 0, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        poller.shutdownNow();
    }

    void scan() {
        try {
            if (!Files.isDirectory(folder)) {
                return;
            }
            List<Path> jars;
            try (var files = Files.list(folder)) {
                jars = files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p)).sorted().toList();
            }
            lastSizes.keySet().retainAll(jars);
            for (Path jar : jars) {
                long size = Files.size(jar);
                Long previous = lastSizes.put(jar, size);
                if (previous != null && previous == size) {
                    lastSizes.remove(jar);
                    deploy(jar);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot scan the deploy folder {}: {}", folder, e.getMessage());
        }
    }

    private void deploy(Path jar) throws IOException {
        Files.createDirectories(modules.incomingFolder());
        Path incoming = Files.createTempFile(modules.incomingFolder(), "deploy-", ".part");
        Files.copy(jar, incoming, StandardCopyOption.REPLACE_EXISTING);
        try {
            OperationResult result = modules.deploy(incoming, "deploy-folder", "deploy-folder", false, false);
            Files.deleteIfExists(jar);
            LOG.info("Deploy folder: {}", result.message());
        } catch (HttpProblem e) {
            String reason = e.getMessage() + (e instanceof UnresolvedModule u ? "\n" + String.join("\n", u.missing()) : "");
            Path refused = folder.resolve("refused");
            Files.createDirectories(refused);
            Files.move(jar, refused.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(refused.resolve(jar.getFileName() + ".txt"), reason + "\n", StandardCharsets.UTF_8);
            LOG.warn("Deploy folder: {} refused: {}", jar.getFileName(), reason);
        }
    }
}
