package fr.datagrandest.platform.core.modules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.runtime.JakartarsServiceRuntime;
import org.osgi.service.jakartars.runtime.dto.ApplicationDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceDTO;
import org.osgi.service.jakartars.runtime.dto.ResourceMethodInfoDTO;
import org.osgi.service.jakartars.runtime.dto.RuntimeDTO;

/**
 * The URL paths a bundle serves through the Jakarta REST whiteboard. The servlet whiteboard only sees each REST
 * application as one servlet of the REST runtime's bundle, so without this a plugin's REST resources would be
 * neither held during its swap nor counted as its own in the metrics. Present only when the REST whiteboard
 * runs (its packages are optional imports of this bundle).
 */
@Component(service = RestRoutes.class, property = ModuleManager.OPTIONAL_FEATURE + "=true")
public class RestRoutes {

    private final BundleContext context;
    private final JakartarsServiceRuntime runtime;

    @Activate
    public RestRoutes(BundleContext context, @Reference JakartarsServiceRuntime runtime) {
        this.context = context;
        this.runtime = runtime;
    }

    /**
     * Patterns by bundle symbolic name: {@code base/*} for an application the bundle registered itself, the
     * resource paths (up to their first template) for resources it added to another application.
     */
    Map<String, Set<String>> patternsByBundle() {
        Map<String, Set<String>> result = new HashMap<>();
        RuntimeDTO dto = runtime.getRuntimeDTO();
        List<ApplicationDTO> applications = new ArrayList<>(List.of(dto.applicationDTOs));
        if (dto.defaultApplication != null) {
            applications.add(dto.defaultApplication);
        }
        for (ApplicationDTO application : applications) {
            String base = trimSlash(application.base);
            Bundle owner = bundleOfService(application.serviceId);
            if (owner != null && application != dto.defaultApplication) {
                result.computeIfAbsent(owner.getSymbolicName(), k -> new HashSet<>()).add(base.isEmpty() ? "/*" : base + "/*");
            }
            for (ResourceDTO resource : application.resourceDTOs) {
                Bundle bundle = bundleOfService(resource.serviceId);
                if (bundle == null || resource.resourceMethods == null) {
                    continue;
                }
                Set<String> patterns = result.computeIfAbsent(bundle.getSymbolicName(), k -> new HashSet<>());
                for (ResourceMethodInfoDTO method : resource.resourceMethods) {
                    String path = method.path == null ? "" : method.path;
                    int template = path.indexOf('{');
                    String fixed = trimSlash(template >= 0 ? path.substring(0, template) : path);
                    String full = base + (fixed.isEmpty() || fixed.startsWith("/") ? fixed : "/" + fixed);
                    patterns.add(full.isEmpty() ? "/" : full);
                    patterns.add((full.isEmpty() ? "" : full) + "/*");
                }
            }
        }
        return result;
    }

    private static String trimSlash(String path) {
        if (path == null) {
            return "";
        }
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }

    private Bundle bundleOfService(long serviceId) {
        return HttpRoutes.bundleOfService(context, serviceId);
    }
}
