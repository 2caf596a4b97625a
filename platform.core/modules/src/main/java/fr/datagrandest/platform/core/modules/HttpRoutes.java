package fr.datagrandest.platform.core.modules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;
import org.osgi.service.servlet.runtime.dto.ResourceDTO;
import org.osgi.service.servlet.runtime.dto.RuntimeDTO;
import org.osgi.service.servlet.runtime.dto.ServletContextDTO;
import org.osgi.service.servlet.runtime.dto.ServletDTO;

/** Which URL patterns each bundle serves through the servlet whiteboard, read from the runtime's DTOs. */
final class HttpRoutes {

    private final BundleContext context;
    private final HttpServiceRuntime runtime;
    private final Supplier<RestRoutes> restRoutes;

    HttpRoutes(BundleContext context, HttpServiceRuntime runtime, Supplier<RestRoutes> restRoutes) {
        this.context = context;
        this.runtime = runtime;
        this.restRoutes = restRoutes;
    }

    /** Patterns (with their servlet context path) served by the bundle with this symbolic name. */
    Set<String> patternsOf(String symbolicName) {
        return patternsByBundle().getOrDefault(symbolicName, Set.of());
    }

    /**
     * Every served pattern, by the symbolic name of the bundle that registered the servlet, the resource or the
     * REST resource.
     */
    Map<String, Set<String>> patternsByBundle() {
        Map<String, Set<String>> result = new HashMap<>();
        RestRoutes rest = restRoutes.get();
        if (rest != null) {
            rest.patternsByBundle().forEach((bsn, patterns) -> result.computeIfAbsent(bsn, k -> new HashSet<>()).addAll(patterns));
        }
        if (runtime == null) {
            return result;
        }
        RuntimeDTO dto = runtime.getRuntimeDTO();
        for (ServletContextDTO servletContext : dto.servletContextDTOs) {
            String prefix = servletContext.contextPath == null || servletContext.contextPath.equals("/")
                    ? "" : servletContext.contextPath;
            for (ServletDTO servlet : servletContext.servletDTOs) {
                add(result, servlet.serviceId, prefix, servlet.patterns);
            }
            for (ResourceDTO resource : servletContext.resourceDTOs) {
                add(result, resource.serviceId, prefix, resource.patterns);
            }
        }
        return result;
    }

    private void add(Map<String, Set<String>> result, long serviceId, String prefix, String[] patterns) {
        Bundle bundle = bundleOfService(serviceId);
        if (bundle == null || patterns == null) {
            return;
        }
        Set<String> set = result.computeIfAbsent(bundle.getSymbolicName(), k -> new HashSet<>());
        for (String pattern : patterns) {
            set.add(prefix.isEmpty() ? pattern : pattern.startsWith("*.") ? pattern : prefix + pattern);
        }
    }

    private Bundle bundleOfService(long serviceId) {
        return bundleOfService(context, serviceId);
    }

    /** The bundle that registered the service with this id, or null when it is gone. */
    static Bundle bundleOfService(BundleContext context, long serviceId) {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(null, "(service.id=" + serviceId + ")");
            return references == null || references.length == 0 ? null : references[0].getBundle();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
