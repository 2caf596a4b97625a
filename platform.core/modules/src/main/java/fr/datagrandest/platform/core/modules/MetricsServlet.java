package fr.datagrandest.platform.core.modules;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@code GET /metrics}: Prometheus text format 0.0.4 — requests, latency and errors per module, modules, JVM. */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/metrics",
        "osgi.http.whiteboard.servlet.name=dge-metrics"})
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private final transient RequestMetrics metrics;
    private final transient ModuleManager modules;

    @Activate
    public MetricsServlet(@Reference RequestMetrics metrics, @Reference ModuleManager modules) {
        this.metrics = metrics;
        this.modules = modules;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        StringBuilder out = new StringBuilder(4096);
        Map<RequestMetrics.Key, RequestMetrics.Series> sorted = new TreeMap<>(
                (a, b) -> (a.module() + a.statusClass()).compareTo(b.module() + b.statusClass()));
        sorted.putAll(metrics.series());

        out.append("# HELP dge_http_requests_total HTTP requests answered, by module and status class.\n");
        out.append("# TYPE dge_http_requests_total counter\n");
        sorted.forEach((k, s) -> out.append("dge_http_requests_total{module=\"").append(k.module())
                .append("\",status=\"").append(k.statusClass()).append("\"} ").append(s.count.sum()).append('\n'));
        out.append("# HELP dge_http_request_duration_seconds Time to answer HTTP requests, by module.\n");
        out.append("# TYPE dge_http_request_duration_seconds histogram\n");
        Map<String, long[]> buckets = new TreeMap<>();
        Map<String, double[]> sums = new TreeMap<>();
        sorted.forEach((k, s) -> {
            long[] b = buckets.computeIfAbsent(k.module(), m -> new long[RequestMetrics.BUCKETS.length + 1]);
            for (int i = 0; i < RequestMetrics.BUCKETS.length; i++) {
                b[i] += s.buckets[i].sum();
            }
            b[RequestMetrics.BUCKETS.length] += s.count.sum();
            sums.computeIfAbsent(k.module(), m -> new double[1])[0] += s.nanos.sum() / 1e9;
        });
        buckets.forEach((module, b) -> {
            for (int i = 0; i < RequestMetrics.BUCKETS.length; i++) {
                out.append("dge_http_request_duration_seconds_bucket{module=\"").append(module).append("\",le=\"")
                        .append(RequestMetrics.BUCKETS[i]).append("\"} ").append(b[i]).append('\n');
            }
            long total = b[RequestMetrics.BUCKETS.length];
            out.append("dge_http_request_duration_seconds_bucket{module=\"").append(module).append("\",le=\"+Inf\"} ").append(total).append('\n');
            out.append("dge_http_request_duration_seconds_sum{module=\"").append(module).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.6f", sums.get(module)[0])).append('\n');
            out.append("dge_http_request_duration_seconds_count{module=\"").append(module).append("\"} ").append(total).append('\n');
        });
        out.append("# HELP dge_http_errors_total HTTP requests answered with a 5xx status, by module.\n");
        out.append("# TYPE dge_http_errors_total counter\n");
        sorted.forEach((k, s) -> {
            if (k.statusClass().equals("5xx")) {
                out.append("dge_http_errors_total{module=\"").append(k.module()).append("\"} ").append(s.count.sum()).append('\n');
            }
        });

        List<ModuleView> list = modules.list();
        out.append("# HELP dge_module_up 1 when the module is healthy, 0 otherwise.\n# TYPE dge_module_up gauge\n");
        for (ModuleView m : list) {
            out.append("dge_module_up{module=\"").append(m.symbolicName()).append("\",version=\"").append(m.version())
                    .append("\"} ").append(m.health().equals("UP") ? 1 : 0).append('\n');
        }

        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        out.append("# HELP jvm_memory_used_bytes Memory used by the JVM.\n# TYPE jvm_memory_used_bytes gauge\n");
        out.append("jvm_memory_used_bytes{area=\"heap\"} ").append(heap.getUsed()).append('\n');
        out.append("jvm_memory_used_bytes{area=\"nonheap\"} ").append(nonHeap.getUsed()).append('\n');
        out.append("# HELP jvm_threads_live Live JVM threads.\n# TYPE jvm_threads_live gauge\n");
        out.append("jvm_threads_live ").append(ManagementFactory.getThreadMXBean().getThreadCount()).append('\n');
        out.append("# HELP jvm_gc_collection_seconds_total Time spent in garbage collection.\n# TYPE jvm_gc_collection_seconds_total counter\n");
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            out.append("jvm_gc_collection_seconds_total{gc=\"").append(gc.getName()).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.3f", gc.getCollectionTime() / 1000.0)).append('\n');
        }
        out.append("# HELP process_uptime_seconds Time since the platform started.\n# TYPE process_uptime_seconds gauge\n");
        out.append("process_uptime_seconds ").append(String.format(Locale.ROOT, "%.3f",
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0)).append('\n');

        response.setContentType("text/plain; version=0.0.4; charset=utf-8");
        response.getOutputStream().write(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
