package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Holds the requests bound for a module while it is being swapped, and lets them through once the new version
 * serves. Without it, the whiteboard answers 404 in the gap between the old servlets leaving and the new ones
 * arriving. It runs before the whiteboard picks a servlet, so a released request is routed to the new version.
 * Requests already inside the old version are not held and finish there.
 */
@Component(service = {Preprocessor.class, SwapGate.class})
public class SwapGate implements Preprocessor {

    /** Longest a request waits for a swap before going on anyway. */
    static final long MAX_HOLD_MILLIS = 30_000;

    private record Hold(RoutePatterns patterns, CountDownLatch released) {
    }

    private final Collection<Hold> holds = new CopyOnWriteArrayList<>();

    /** Starts holding requests that match the patterns; the returned handle releases them. */
    public AutoCloseable hold(Set<String> servletPatterns) {
        if (servletPatterns.isEmpty()) {
            return () -> { };
        }
        Hold hold = new Hold(new RoutePatterns(servletPatterns), new CountDownLatch(1));
        holds.add(hold);
        return () -> {
            holds.remove(hold);
            hold.released().countDown();
        };
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!holds.isEmpty() && request instanceof HttpServletRequest http) {
            String path = http.getRequestURI().substring(http.getContextPath().length());
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_HOLD_MILLIS);
            for (Hold hold : holds) {
                if (hold.patterns().matches(path)) {
                    try {
                        hold.released().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        holds.forEach(h -> h.released().countDown());
        holds.clear();
    }
}
