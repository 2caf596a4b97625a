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
    /**
     * What keeps the bundle's whiteboard servlets from serving: one line per servlet service it registered that the
     * HTTP runtime lists as failed (with the reason) or does not list yet (a servlet is listed once its component is
     * activated and its {@code init} returned). Empty when every servlet serves, so {@code /health} can say 200 only
     * when the pages and APIs really answer.
     */
    java.util.List<String> servletsNotServing(Bundle bundle) {
        java.util.List<String> problems = new java.util.ArrayList<>();
        ServiceReference<?>[] registered = bundle.getRegisteredServices();
        if (runtime == null || registered == null) {
            return problems;
        }
        Map<Long, String> servlets = new HashMap<>();
        for (ServiceReference<?> reference : registered) {
            Object pattern = reference.getProperty("osgi.http.whiteboard.servlet.pattern");
            if (pattern != null) {
                String patterns = pattern instanceof String[] list ? String.join(" ", list) : String.valueOf(pattern);
                servlets.put((Long) reference.getProperty(org.osgi.framework.Constants.SERVICE_ID), patterns);
            }
        }
        if (servlets.isEmpty()) {
            return problems;
        }
        RuntimeDTO dto = runtime.getRuntimeDTO();
        Set<Long> serving = new HashSet<>();
        for (ServletContextDTO servletContext : dto.servletContextDTOs) {
            for (ServletDTO servlet : servletContext.servletDTOs) {
                serving.add(servlet.serviceId);
            }
        }
        Map<Long, Integer> failed = new HashMap<>();
        for (org.osgi.service.servlet.runtime.dto.FailedServletDTO servlet : dto.failedServletDTOs) {
            failed.put(servlet.serviceId, servlet.failureReason);
        }
        servlets.forEach((serviceId, patterns) -> {
            if (failed.containsKey(serviceId)) {
                problems.add("servlet " + patterns + " refused by the HTTP runtime: " + failureReason(failed.get(serviceId)));
            } else if (!serving.contains(serviceId)) {
                problems.add("servlet " + patterns + " is not serving yet");
            }
        });
        return problems;
    }

    private static String failureReason(int code) {
        return switch (code) {
            case org.osgi.service.servlet.runtime.dto.DTOConstants.FAILURE_REASON_EXCEPTION_ON_INIT -> "its init() threw an exception";
            case org.osgi.service.servlet.runtime.dto.DTOConstants.FAILURE_REASON_NO_SERVLET_CONTEXT_MATCHING -> "no servlet context matches its selection";
            case org.osgi.service.servlet.runtime.dto.DTOConstants.FAILURE_REASON_SHADOWED_BY_OTHER_SERVICE -> "another servlet with a higher ranking has the same pattern";
            case org.osgi.service.servlet.runtime.dto.DTOConstants.FAILURE_REASON_SERVICE_NOT_GETTABLE -> "its service could not be obtained (its component failed)";
            case org.osgi.service.servlet.runtime.dto.DTOConstants.FAILURE_REASON_VALIDATION_FAILED -> "its properties are not valid (a pattern that is not a servlet pattern?)";
            default -> "failure reason " + code;
        };
    }

    static Bundle bundleOfService(BundleContext context, long serviceId) {
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(null, "(service.id=" + serviceId + ")");
            return references == null || references.length == 0 ? null : references[0].getBundle();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
