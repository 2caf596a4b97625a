package fr.datagrandest.plugin.directory;

import java.util.List;
import java.util.Locale;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * {@code GET /directory/api/export?format=csv|xlsx|vcf|mailing}: the people (of a collège or a working group) with
 * what the caller may read.
 */
@Component(service = ExportResource.class)
@JakartarsResource
@JakartarsApplicationSelect(DirectoryApi.SELECT)
@JSONRequired
@Path("export")
public class ExportResource {

    private final Directory directory;
    private final String version;

    @Context
    HttpServletRequest request;

    @Activate
    public ExportResource(@Reference Directory directory, BundleContext context) {
        this.directory = directory;
        var v = context.getBundle().getVersion();
        this.version = v.getMajor() + "." + v.getMinor();
    }

    @GET
    public Response export(@QueryParam("format") @DefaultValue("csv") String format,
            @QueryParam("college") String college, @QueryParam("group") Long group) {
        Access access = Caller.of(request);
        String f = format.toLowerCase(Locale.ROOT);
        if (!List.of("csv", "xlsx", "vcf", "mailing").contains(f)) {
            throw Directory.problem(400, "unknown export format '" + format + "': csv, xlsx, vcf or mailing");
        }
        if (group != null && directory.group(access, group).isEmpty()) {
            throw Directory.notFound("working group " + group);
        }
        List<ContactExport.Line> lines = ContactExport.lines(directory, access, college, group, null);
        String base = "annuaire-datagrandest" + (college == null ? "" : "-" + college.replaceAll("[^a-z0-9-]", ""))
                + (group == null ? "" : "-groupe-" + group);
        StreamingOutput body = switch (f) {
            case "xlsx" -> out -> ContactExport.xlsx(lines, out, version);
            case "vcf" -> out -> ContactExport.vcard(lines, out);
            case "mailing" -> out -> ContactExport.mailingList(lines, out);
            default -> out -> ContactExport.csv(lines, out);
        };
        String type = switch (f) {
            case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "vcf" -> "text/vcard;charset=utf-8";
            case "mailing" -> "text/plain;charset=utf-8";
            default -> "text/csv;charset=utf-8";
        };
        String extension = f.equals("mailing") ? "txt" : f;
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + base + "." + extension + "\"")
                .header("Cache-Control", "no-store").build();
    }
}
