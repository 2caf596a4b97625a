package fr.datagrandest.platform.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/** The bundles shipped with the platform, by symbolic name (the highest version wins when a name repeats). */
final class BundleFolder {

    record Entry(String symbolicName, String version, Path file) {
    }

    private BundleFolder() {
    }

    static Map<String, Entry> scan(Path folder) throws IOException {
        Map<String, Entry> bySymbolicName = new TreeMap<>();
        try (var files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jar")).sorted()::iterator) {
                Entry entry = read(file);
                if (entry != null) {
                    bySymbolicName.merge(entry.symbolicName(), entry,
                            (a, b) -> compareVersions(a.version(), b.version()) >= 0 ? a : b);
                }
            }
        }
        return bySymbolicName;
    }

    static Entry read(Path file) throws IOException {
        try (JarFile jar = new JarFile(file.toFile(), false)) {
            if (jar.getManifest() == null) {
                return null;
            }
            Attributes main = jar.getManifest().getMainAttributes();
            String bsn = main.getValue("Bundle-SymbolicName");
            if (bsn == null) {
                return null;
            }
            String version = main.getValue("Bundle-Version");
            return new Entry(bsn.split(";", 2)[0].strip(), version == null ? "0.0.0" : version.strip(), file);
        }
    }

    /** Compares OSGi versions (major.minor.micro.qualifier). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.", 4);
        String[] y = b.split("\\.", 4);
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(part(x, i), part(y, i));
            if (c != 0) {
                return c;
            }
        }
        return (x.length > 3 ? x[3] : "").compareTo(y.length > 3 ? y[3] : "");
    }

    private static int part(String[] parts, int i) {
        try {
            return i < parts.length ? Integer.parseInt(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
