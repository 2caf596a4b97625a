package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * Requests already past the gate are waited for before the swap goes on: one that passed just before the hold
 * began may not have reached its servlet yet, and the whiteboard fails it ("servlet has been unregistered") if the
 * old version leaves first.
 */
@Component(service = {Preprocessor.class, SwapGate.class})
public class SwapGate implements Preprocessor {

    /** Longest a request waits for a swap before going on anyway. */
    static final long MAX_HOLD_MILLIS = 30_000;

    private record Hold(RoutePatterns patterns, CountDownLatch released) {
    }

    /** Longest a swap waits for the requests already past the gate to finish. */
    static final long MAX_DRAIN_MILLIS = 10_000;

    /** A request past the gate (identity matters: two requests for one path are two entries). */
    private static final class InFlight {
        final String path;

        InFlight(String path) {
            this.path = path;
        }
    }

    private final Collection<Hold> holds = new CopyOnWriteArrayList<>();
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * Starts holding requests that match the patterns, then waits until the matching requests already past the
     * gate have finished; the returned handle releases the held ones.
     */
    public AutoCloseable hold(Set<String> servletPatterns) {
        if (servletPatterns.isEmpty()) {
            return () -> { };
        }
        Hold hold = new Hold(new RoutePatterns(servletPatterns), new CountDownLatch(1));
        holds.add(hold);
        // A request registers itself before it looks at the holds, so one that did not see this hold is listed here.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_DRAIN_MILLIS);
        while (System.nanoTime() < deadline && inFlight.stream().anyMatch(r -> hold.patterns().matches(r.path))) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return () -> {
            holds.remove(hold);
            hold.released().countDown();
        };
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http)) {
            chain.doFilter(request, response);
            return;
        }
        InFlight entry = new InFlight(http.getRequestURI().substring(http.getContextPath().length()));
        inFlight.add(entry);
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_HOLD_MILLIS);
            for (Hold hold = matchingHold(entry.path); hold != null && System.nanoTime() < deadline;
                    hold = matchingHold(entry.path)) {
                inFlight.remove(entry); // a held request must not keep the swap it waits for from going on
                try {
                    hold.released().await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } finally {
                    inFlight.add(entry);
                }
            }
            chain.doFilter(request, response);
        } finally {
            inFlight.remove(entry);
        }
    }

    private Hold matchingHold(String path) {
        for (Hold hold : holds) {
            if (hold.patterns().matches(path)) {
                return hold;
            }
        }
        return null;
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
