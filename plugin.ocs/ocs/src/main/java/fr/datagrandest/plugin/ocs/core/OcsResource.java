package fr.datagrandest.plugin.ocs.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;
import org.osgi.service.metatype.annotations.Designate;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The OCS GE API: nomenclatures, imports, indicators per territory (JSON or CSV). */
@Component(service = OcsResource.class, configurationPid = OcsConfiguration.PID)
@Designate(ocd = OcsConfiguration.class)
@JakartarsResource
@JakartarsApplicationSelect("(osgi.jakartars.name=ocs)")
@JSONRequired
@Path("")
public class OcsResource {

    private final OcsService ocs;
    private volatile long maxUploadBytes;

    @Activate
    public OcsResource(@Reference OcsService ocs, OcsConfiguration config) {
        this.ocs = ocs;
        modified(config);
    }

    /** A new limit applies at once: the resource stays registered (no gap in the API while it changes). */
    @Modified
    void modified(OcsConfiguration config) {
        this.maxUploadBytes = config.maxUploadMiB() * 1024L * 1024L;
    }

    @GET
    @Path("nomenclatures")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> nomenclatures() {
        return ocs.nomenclaturesDocument();
    }

    @GET
    @Path("vintages")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> vintages() {
        return ocs.vintages();
    }

    /**
     * Deletes one vintage of a département, for platform administrators (anyone when the security module
     * does not run, as for imports). The flows between the remaining vintages are recomputed.
     */
    @DELETE
    @Path("vintages/{departement}/{millesime}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> deleteVintage(@PathParam("departement") String departement,
            @PathParam("millesime") String millesime, @Context HttpServletRequest request) {
        Object identity = request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        String username = "anonymous";
        if (identity instanceof UserIdentity user) {
            if (!user.hasRole(Roles.PLATFORM_ADMIN)) {
                throw new OcsInputException(user.isAnonymous() ? 401 : 403,
                        "deleting an OCS GE vintage needs the platform-admin role");
            }
            username = user.username();
        }
        if (!departement.matches("\\d{2}|2[AB]")) {
            throw new OcsInputException(400, "departement must be a département code such as 68");
        }
        if (!millesime.matches("\\d{4}")) {
            throw new OcsInputException(400, "millesime must be a year such as 2021");
        }
        return ocs.deleteVintage(departement, Integer.parseInt(millesime), username);
    }

    @GET
    @Path("imports")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> imports() {
        return ocs.imports();
    }

    @GET
    @Path("imports/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> importJob(@PathParam("id") long id) {
        return ocs.importJob(id).orElseThrow(() -> new OcsInputException(404, "no import " + id));
    }

    /**
     * Imports one vintage of one département from a GeoPackage sent as the body. The département is
     * {@code ?departement=} or found from the polygons' location.
     */
    @POST
    @Path("imports")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importGeoPackage(InputStream body, @QueryParam("departement") String departement,
            @QueryParam("name") String name, @Context HttpServletRequest request) throws IOException {
        Object identity = request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        String username = "anonymous";
        if (identity instanceof UserIdentity user) {
            // with the security module running, only editors and administrators import
            if (!user.hasRole(Roles.EDITOR) && !user.hasRole(Roles.PLATFORM_ADMIN)) {
                throw new OcsInputException(user.isAnonymous() ? 401 : 403,
                        "importing OCS GE needs the editor or platform-admin role");
            }
            username = user.username();
        }
        if (departement != null && !departement.matches("\\d{2}|2[AB]")) {
            throw new OcsInputException(400, "departement must be a département code such as 68");
        }
        java.nio.file.Path temp = Files.createTempFile("ocs-import-", ".gpkg");
        try {
            long size = copyLimited(body, temp);
            if (size == 0) {
                throw new OcsInputException(400, "the body is empty: send the GeoPackage as the request body");
            }
            Map<String, Object> report = ocs.importGeoPackage(temp, departement, username,
                    name == null ? "upload" : name);
            return Response.created(URI.create("/ocs/api/imports/" + report.get("importId"))).entity(report).build();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private long copyLimited(InputStream in, java.nio.file.Path target) throws IOException {
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxUploadBytes) {
                    throw new OcsInputException(413, "the GeoPackage is larger than the limit of "
                            + maxUploadBytes / (1024 * 1024) + " MiB (maxUploadMiB)");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    @GET
    @Path("territories/{level}/{code}/indicators")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response indicators(@PathParam("level") String level, @PathParam("code") String code,
            @QueryParam("from") Integer from, @QueryParam("to") Integer to, @QueryParam("format") String format,
            @Context HttpServletRequest request) {
        Map<String, Object> indicators = ocs.indicators(level, code, from, to);
        String accept = request.getHeader("Accept");
        if ("csv".equals(format) || format == null && accept != null && accept.startsWith("text/csv")) {
            return csv(level, code, indicators);
        }
        return Response.ok(indicators, MediaType.APPLICATION_JSON).build();
    }

    /**
     * Imports the Cerema "fichiers fonciers" consumption per commune and year (CSV body, the national file
     * is accepted: only the communes of Grand Est are kept); editors and administrators, as for imports.
     */
    @POST
    @Path("fichiers-fonciers")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importFichiersFonciers(InputStream body, @QueryParam("name") String name,
            @Context HttpServletRequest request) throws IOException {
        Object identity = request.getAttribute(UserIdentity.REQUEST_ATTRIBUTE);
        String username = "anonymous";
        if (identity instanceof UserIdentity user) {
            if (!user.hasRole(Roles.EDITOR) && !user.hasRole(Roles.PLATFORM_ADMIN)) {
                throw new OcsInputException(user.isAnonymous() ? 401 : 403,
                        "importing fichiers fonciers needs the editor or platform-admin role");
            }
            username = user.username();
        }
        Map<String, Object> report = ocs.importFichiersFonciers(new LimitedInputStream(body, maxUploadBytes), username,
                name == null ? "upload" : name);
        return Response.status(201).entity(report).build();
    }

    @GET
    @Path("fichiers-fonciers")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> fichiersFoncierImports() {
        return ocs.fichiersFoncierImports();
    }

    /** Refuses a body beyond the upload limit (413) while it is read. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new OcsInputException(413, "the file is larger than the limit of " + limit / (1024 * 1024)
                        + " MiB (maxUploadMiB)");
            }
        }
    }

    /** Most bytes of a drawn area's GeoJSON. */
    static final int MAX_DRAWN_BYTES = 5 * 1024 * 1024;

    /**
     * Indicators of a drawn area: a GeoJSON Polygon or MultiPolygon (geometry, Feature or FeatureCollection of
     * one Feature) in longitude/latitude, or in Lambert-93 with a {@code crs} member naming EPSG:2154.
     */
    @POST
    @Path("indicators")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response drawnAreaIndicators(InputStream body, @QueryParam("from") Integer from,
            @QueryParam("to") Integer to, @QueryParam("format") String format) throws IOException {
        byte[] bytes = body.readNBytes(MAX_DRAWN_BYTES + 1);
        if (bytes.length > MAX_DRAWN_BYTES) {
            throw new OcsInputException(413, "the drawn area is larger than " + MAX_DRAWN_BYTES / (1024 * 1024)
                    + " MiB of GeoJSON");
        }
        if (bytes.length == 0) {
            throw new OcsInputException(400, "the body is empty: send a GeoJSON Polygon or MultiPolygon");
        }
        Map<String, Object> indicators = ocs.drawnAreaIndicators(new String(bytes, StandardCharsets.UTF_8), from, to);
        if ("csv".equals(format)) {
            return csv("zone", "dessinee", indicators);
        }
        return Response.ok(indicators, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("territories/{level}/{code}/indicators.csv")
    @Produces("text/csv")
    public Response indicatorsCsv(@PathParam("level") String level, @PathParam("code") String code,
            @QueryParam("from") Integer from, @QueryParam("to") Integer to) {
        return csv(level, code, ocs.indicators(level, code, from, to));
    }

    @GET
    @Path("territories/{level}/{code}/polygons.geojson")
    @Produces("application/geo+json")
    public Response polygons(@PathParam("level") String level, @PathParam("code") String code,
            @QueryParam("year") Integer year) {
        return Response.ok(ocs.polygonsGeoJson(level, code, year).getBytes(StandardCharsets.UTF_8))
                .type("application/geo+json")
                .header("Content-Disposition", "attachment; filename=\"ocs-" + level + "-" + code + ".geojson\"")
                .build();
    }

    /**
     * A pre-filled draft of the triennial local artificialisation report (CGCT L.2231-1, R.2231-1) of a commune
     * or an EPCI, as ODT (to complete) or PDF (to read).
     */
    @GET
    @Path("territories/{level}/{code}/rapport-triennal.{format: odt|pdf}")
    @Produces({"application/vnd.oasis.opendocument.text", "application/pdf"})
    public Response triennialReport(@PathParam("level") String level, @PathParam("code") String code,
            @PathParam("format") String format, @QueryParam("from") Integer from, @QueryParam("to") Integer to) {
        fr.datagrandest.platform.api.territory.Territory t = ocs.territory(level, code);
        String levelName = switch (t.level()) {
            case COMMUNE -> "Commune";
            case EPCI -> "EPCI";
            default -> throw new OcsInputException(400, "the triennial report is made by a commune or an EPCI,"
                    + " not a " + level);
        };
        String lvl = t.level().name().toLowerCase(java.util.Locale.ROOT);
        List<TriennialReport.Block> blocks = TriennialReport.blocks(levelName, t.name(), t.code(),
                ocs.indicators(lvl, code, from, to));
        boolean pdf = "pdf".equals(format);
        return Response.ok(pdf ? TriennialReportPdf.write(blocks) : TriennialReport.odt(blocks))
                .type(pdf ? "application/pdf" : "application/vnd.oasis.opendocument.text")
                .header("Content-Disposition", "attachment; filename=\"rapport-artificialisation-" + lvl + "-" + code
                        + "." + format + "\"").build();
    }

    private static Response csv(String level, String code, Map<String, Object> indicators) {
        return Response.ok(IndicatorsCsv.write(indicators).getBytes(StandardCharsets.UTF_8))
                .type("text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"ocs-" + level + "-" + code + ".csv\"")
                .build();
    }
}
