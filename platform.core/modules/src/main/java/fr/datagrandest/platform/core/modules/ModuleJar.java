package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

import org.osgi.framework.Version;

import fr.datagrandest.platform.core.web.HttpProblem;

/** An uploaded bundle jar, checked to be one: its manifest, symbolic name, version and SHA-256. */
record ModuleJar(Path file, Manifest manifest, String symbolicName, Version version, String sha256) {

    /** Symbolic names the module manager accepts: no path separators, no "..". */
    static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    static ModuleJar read(Path file) throws IOException {
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            manifest = jar.getManifest();
        } catch (ZipException e) {
            throw HttpProblem.badRequest("the file is not a jar (not a zip archive)");
        }
        if (manifest == null) {
            throw HttpProblem.badRequest("the jar has no META-INF/MANIFEST.MF, so it is not an OSGi bundle");
        }
        Attributes main = manifest.getMainAttributes();
        String bsnHeader = main.getValue("Bundle-SymbolicName");
        if (bsnHeader == null || bsnHeader.isBlank()) {
            throw HttpProblem.badRequest("the jar has no Bundle-SymbolicName header, so it is not an OSGi bundle");
        }
        if (!"2".equals(String.valueOf(main.getValue("Bundle-ManifestVersion")).strip())) {
            throw HttpProblem.badRequest("the jar is not an OSGi R4+ bundle (Bundle-ManifestVersion must be 2)");
        }
        String bsn = bsnHeader.split(";", 2)[0].strip();
        requireValidSymbolicName(bsn);
        Version version;
        try {
            version = Version.parseVersion(main.getValue("Bundle-Version"));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("the Bundle-Version header is not an OSGi version: " + main.getValue("Bundle-Version"));
        }
        return new ModuleJar(file, manifest, bsn, version, sha256(file));
    }

    static void requireValidSymbolicName(String bsn) {
        if (bsn == null || !SYMBOLIC_NAME.matcher(bsn).matches()) {
            throw HttpProblem.badRequest("'" + bsn + "' is not a valid bundle symbolic name");
        }
    }

    String header(String name) {
        return manifest.getMainAttributes().getValue(name);
    }

    boolean isFragment() {
        return header("Fragment-Host") != null;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
