package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Counts requests, errors and latency per module (the bundle that serves the path), for {@code /metrics}. */
@Component(service = {Preprocessor.class, RequestMetrics.class})
public class RequestMetrics implements Preprocessor {

    /** Latency histogram bucket bounds, in seconds. */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final long ROUTES_TTL_NANOS = 2_000_000_000L;

    /** Per module and status class ("2xx"…): count, total seconds, and histogram counts. */
    static final class Series {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];

        Series() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
    }

    record Key(String module, String statusClass) {
    }

    private final ModuleManager modules;
    private final Map<Key, Series> series = new ConcurrentHashMap<>();
    private volatile Map<String, RoutePatterns> routes = Map.of();
    private volatile long routesReadAt;
    private volatile long routesChangeCount = -1;

    @Activate
    public RequestMetrics(@Reference ModuleManager modules) {
        this.modules = modules;
    }

    Map<Key, Series> series() {
        return series;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse res) {
                long elapsed = System.nanoTime() - start;
                Series s = series.computeIfAbsent(new Key(moduleOf(http.getRequestURI()), res.getStatus() / 100 + "xx"),
                        k -> new Series());
                s.count.increment();
                s.nanos.add(elapsed);
                double seconds = elapsed / 1e9;
                for (int i = 0; i < BUCKETS.length; i++) {
                    if (seconds <= BUCKETS[i]) {
                        s.buckets[i].increment();
                    }
                }
            }
        }
    }

    private String moduleOf(String path) {
        long now = System.nanoTime();
        long changes = modules.changeCount();
        // Read again after a module change, and every few seconds for servlets that come and go on their own.
        if (changes != routesChangeCount || now - routesReadAt > ROUTES_TTL_NANOS) {
            Map<String, RoutePatterns> read = new java.util.HashMap<>();
            modules.routes().patternsByBundle().forEach((bsn, patterns) -> read.put(bsn, new RoutePatterns(patterns)));
            routes = read;
            routesReadAt = now;
            routesChangeCount = changes;
        }
        String best = "none";
        int bestLength = -1;
        for (Map.Entry<String, RoutePatterns> entry : routes.entrySet()) {
            int length = entry.getValue().bestMatchLength(path);
            if (length > bestLength) {
                bestLength = length;
                best = entry.getKey();
            }
        }
        return best;
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void destroy() {
        // counters go with the component
    }
}
