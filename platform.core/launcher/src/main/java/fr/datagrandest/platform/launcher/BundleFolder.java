package fr.datagrandest.platform.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/** The bundles shipped with the platform, by symbolic name (the highest version wins when a name repeats). */
final class BundleFolder {

    /**
     * @param services        service interfaces the bundle declares it provides ({@code osgi.service} capabilities)
     * @param neededServices  service interfaces it cannot work without (mandatory {@code osgi.service} requirements,
     *                        which bnd writes for every mandatory Declarative Services reference)
     */
    record Entry(String symbolicName, String version, Path file, Set<String> exports, Set<String> imports,
            Set<String> services, Set<String> neededServices) {
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
            return new Entry(bsn.split(";", 2)[0].strip(), version == null ? "0.0.0" : version.strip(), file,
                    packages(main.getValue("Export-Package"), false), packages(main.getValue("Import-Package"), true),
                    providedServices(main.getValue("Provide-Capability")),
                    neededServices(main.getValue("Require-Capability")));
        }
    }

    /**
     * The selection completed with the shipped bundles that export the packages it imports and that provide the
     * services it cannot work without (mandatory ones only, transitively): a provider lists the plugins it wants,
     * not their libraries nor the kernel services they use (the territories, say). Packages no shipped bundle
     * exports are the Java runtime's; services no shipped bundle declares are registered by code (the storage's
     * DataSources) or are the provider's to add.
     */
    static Map<String, Entry> withDependencies(Map<String, Entry> selected, Map<String, Entry> shipped) {
        Map<String, Entry> result = new TreeMap<>(selected);
        boolean added = true;
        while (added) {
            added = false;
            Set<String> exported = new java.util.HashSet<>();
            result.values().forEach(e -> exported.addAll(e.exports()));
            for (Entry entry : List.copyOf(result.values())) {
                for (String imported : entry.imports()) {
                    if (exported.contains(imported)) {
                        continue;
                    }
                    for (Entry candidate : shipped.values()) {
                        if (!result.containsKey(candidate.symbolicName()) && candidate.exports().contains(imported)) {
                            result.put(candidate.symbolicName(), candidate);
                            exported.addAll(candidate.exports());
                            added = true;
                            break;
                        }
                    }
                }
                for (String service : entry.neededServices()) {
                    if (result.values().stream().anyMatch(e -> e.services().contains(service))) {
                        continue;
                    }
                    for (Entry candidate : shipped.values()) {
                        if (!result.containsKey(candidate.symbolicName()) && candidate.services().contains(service)) {
                            result.put(candidate.symbolicName(), candidate);
                            exported.addAll(candidate.exports());
                            added = true;
                            break;
                        }
                    }
                }
            }
        }
        return result;
    }

    /** Package names of an Import-Package or Export-Package header; optional imports left out when asked. */
    static Set<String> packages(String header, boolean mandatoryOnly) {
        Set<String> names = new java.util.LinkedHashSet<>();
        if (header == null) {
            return names;
        }
        for (String clause : BndProperties.clauses(header)) {
            if (mandatoryOnly && clause.replace(" ", "").contains("resolution:=optional")) {
                continue;
            }
            for (String part : clause.split(";")) {
                String name = part.strip();
                if (name.isEmpty() || name.contains("=")) {
                    continue;
                }
                names.add(name);
            }
        }
        return names;
    }

    private static final java.util.regex.Pattern OBJECT_CLASS_LIST = java.util.regex.Pattern.compile(
            "objectClass(?::List<String>)?=\"?([^\";]+)\"?");
    private static final java.util.regex.Pattern OBJECT_CLASS_FILTER = java.util.regex.Pattern.compile(
            "\\(objectClass=([^)]+)\\)");

    /** The service interfaces of the {@code osgi.service} capabilities of a Provide-Capability header. */
    static Set<String> providedServices(String header) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String clause : header == null ? List.<String>of() : BndProperties.clauses(header)) {
            if (!clause.strip().startsWith("osgi.service;")) {
                continue;
            }
            java.util.regex.Matcher list = OBJECT_CLASS_LIST.matcher(clause);
            if (list.find()) {
                for (String name : list.group(1).split(",")) {
                    names.add(name.strip());
                }
            }
        }
        return names;
    }

    /**
     * The service interfaces a Require-Capability header needs: {@code osgi.service} requirements that are neither
     * optional nor for any number of services (a {@code multiple} cardinality is satisfied by none).
     */
    static Set<String> neededServices(String header) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (String clause : header == null ? List.<String>of() : BndProperties.clauses(header)) {
            String compact = clause.replace(" ", "");
            if (!compact.startsWith("osgi.service;") || compact.contains("resolution:=optional")
                    || compact.contains("cardinality:=multiple")) {
                continue;
            }
            java.util.regex.Matcher filter = OBJECT_CLASS_FILTER.matcher(compact);
            if (filter.find()) {
                names.add(filter.group(1));
            }
        }
        return names;
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
