package fr.datagrandest.platform.core.modules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The dry-run resolve: checks every mandatory requirement of a jar against what the running platform provides
 * (without the bundle it would replace) plus what the jar provides itself, and lists <em>all</em> that are
 * missing, where the framework's resolver stops at the first.
 */
final class RequirementCheck {

    private final BundleContext context;

    RequirementCheck(BundleContext context) {
        this.context = context;
    }

    /** The requirements nothing satisfies, each as a line a developer recognises from the manifest. */
    List<String> missingRequirements(ModuleJar jar) {
        List<BundleCapability> available = availableCapabilities(jar.symbolicName());
        List<String> missing = new ArrayList<>();
        List<ManifestClause> ownExports = ManifestClause.parse(jar.header(Constants.EXPORT_PACKAGE));
        List<ManifestClause> ownCapabilities = ManifestClause.parse(jar.header(Constants.PROVIDE_CAPABILITY));

        for (ManifestClause imported : ManifestClause.parse(jar.header(Constants.IMPORT_PACKAGE))) {
            if (imported.optional()) {
                continue;
            }
            VersionRange range = range(imported.attributes().get("version"));
            boolean satisfied = ownExports.stream().anyMatch(e -> e.name().equals(imported.name())
                    && range.includes(version(e.attributes().get("version"))))
                    || available.stream().anyMatch(c -> PackageNamespace.PACKAGE_NAMESPACE.equals(c.getNamespace())
                            && imported.name().equals(c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE))
                            && range.includes(versionOf(c.getAttributes().get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE))));
            if (!satisfied) {
                missing.add("Import-Package: " + imported.name()
                        + (imported.attributes().containsKey("version") ? ";version=\"" + imported.attributes().get("version") + "\"" : ""));
            }
        }
        for (ManifestClause required : ManifestClause.parse(jar.header(Constants.REQUIRE_CAPABILITY))) {
            if (required.optional() || !required.effectiveAtResolve()) {
                continue;
            }
            String namespace = required.name();
            String filterText = required.directives().get("filter");
            Filter filter;
            try {
                filter = filterText == null ? null : FrameworkUtil.createFilter(filterText);
            } catch (InvalidSyntaxException e) {
                missing.add("Require-Capability: " + namespace + ";filter:=\"" + filterText + "\" (the filter is not valid)");
                continue;
            }
            boolean satisfied = available.stream().anyMatch(c -> namespace.equals(c.getNamespace())
                    && (filter == null || filter.matches(c.getAttributes())))
                    || ownCapabilities.stream().anyMatch(c -> c.name().equals(namespace)
                            && (filter == null || filter.matches(Map.copyOf(c.attributes()))));
            if (!satisfied) {
                missing.add("Require-Capability: " + namespace + (filterText == null ? "" : ";filter:=\"" + filterText + "\""));
            }
        }
        for (ManifestClause required : ManifestClause.parse(jar.header(Constants.REQUIRE_BUNDLE))) {
            if (required.optional()) {
                continue;
            }
            VersionRange range = range(required.attributes().get(Constants.BUNDLE_VERSION_ATTRIBUTE));
            boolean satisfied = available.stream().anyMatch(c -> BundleNamespace.BUNDLE_NAMESPACE.equals(c.getNamespace())
                    && required.name().equals(c.getAttributes().get(BundleNamespace.BUNDLE_NAMESPACE))
                    && range.includes(versionOf(c.getAttributes().get(BundleNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE))));
            if (!satisfied) {
                missing.add("Require-Bundle: " + required.name());
            }
        }
        for (ManifestClause host : ManifestClause.parse(jar.header(Constants.FRAGMENT_HOST))) {
            VersionRange range = range(host.attributes().get(Constants.BUNDLE_VERSION_ATTRIBUTE));
            boolean satisfied = available.stream().anyMatch(c -> HostNamespace.HOST_NAMESPACE.equals(c.getNamespace())
                    && host.name().equals(c.getAttributes().get(HostNamespace.HOST_NAMESPACE))
                    && range.includes(versionOf(c.getAttributes().get(HostNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE))));
            if (!satisfied) {
                missing.add("Fragment-Host: " + host.name());
            }
        }
        return missing;
    }

    /** Capabilities of the resolved bundles, without those of the bundle being replaced. */
    private List<BundleCapability> availableCapabilities(String replacedSymbolicName) {
        List<BundleCapability> capabilities = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (replacedSymbolicName.equals(bundle.getSymbolicName())
                    || (bundle.getState() & (Bundle.INSTALLED | Bundle.UNINSTALLED)) != 0) {
                continue;
            }
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            if (revision != null) {
                capabilities.addAll(revision.getDeclaredCapabilities(null));
            }
        }
        return capabilities;
    }

    private static VersionRange range(String text) {
        return new VersionRange(text == null ? "0.0.0" : text);
    }

    private static Version version(String text) {
        return text == null ? Version.emptyVersion : Version.parseVersion(text);
    }

    private static Version versionOf(Object value) {
        return value instanceof Version v ? v : value == null ? Version.emptyVersion : Version.parseVersion(value.toString());
    }
}
