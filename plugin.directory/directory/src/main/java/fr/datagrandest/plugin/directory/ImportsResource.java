package fr.datagrandest.plugin.directory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /directory/api/imports}: the file is the body (CSV or XLSX); {@code ?dryRun=true} answers the
 * preview and the duplicates without writing. Reports of past imports and the merge proposals they made.
 */
@Component(service = ImportsResource.class)
@JakartarsResource
@JakartarsApplicationSelect(DirectoryApi.SELECT)
@JSONRequired
@Path("imports")
@Produces(MediaType.APPLICATION_JSON)
public class ImportsResource {

    private final Directory directory;

    @Context
    HttpServletRequest request;

    @Activate
    public ImportsResource(@Reference Directory directory) {
        this.directory = directory;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public ContactImport.Report upload(InputStream body, @HeaderParam("Content-Type") String contentType,
            @HeaderParam("Content-Disposition") String disposition, @QueryParam("dryRun") boolean dryRun,
            @QueryParam("fileName") String fileName, @QueryParam("encoding") String encoding,
            @QueryParam("college") String college, @QueryParam("map") List<String> map) throws IOException {
        Access access = Caller.of(request);
        if (access.user().isAnonymous()) {
            throw Directory.problem(401, "sign in as an editor of a collège to import contacts");
        }
        if (!access.isEditor()) {
            throw Directory.problem(403, "only an editor of a collège or an administrator imports contacts");
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String m : map == null ? List.<String>of() : map) {
            int colon = m.lastIndexOf(':');
            if (colon <= 0) {
                throw Directory.problem(400, "a mapping is written map=<column>:<field>, for example map=Courriel pro:email");
            }
            mapping.put(m.substring(0, colon).strip(), m.substring(colon + 1).strip());
        }
        long max = directory.config().maxImportMiB() * 1024L * 1024L;
        long declared = request.getContentLengthLong();
        if (declared > max) {
            drain(body, declared);
            throw Directory.problem(413, "the file is " + declared + " bytes; an import takes at most "
                    + directory.config().maxImportMiB() + " MiB");
        }
        String name = fileName(fileName, disposition);
        java.nio.file.Path temp = Files.createTempFile("directory-import-", ".upload");
        try {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            long size = 0;
            try (InputStream in = body; OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[65536];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    size += n;
                    if (size > max) {
                        drain(in, Long.MAX_VALUE);
                        throw Directory.problem(413, "the file is larger than " + directory.config().maxImportMiB()
                                + " MiB, the most an import takes");
                    }
                    sha.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                }
            }
            if (size == 0) {
                throw Directory.problem(400, "the request has no body: send the CSV or XLSX file as the body");
            }
            SpreadsheetFile.Table table = SpreadsheetFile.read(temp, contentType, name, encoding,
                    directory.config().maxImportRows());
            return new ContactImport(directory, access, college == null || college.isBlank() ? null : college.strip())
                    .run(table, mapping, name, HexFormat.of().formatHex(sha.digest()), dryRun);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads and drops what is left of a refused body (up to 64 MiB), so that the client, still sending, reads the
     * refusal instead of a reset connection.
     */
    private static void drain(InputStream in, long declared) {
        if (declared > 64L * 1024 * 1024) {
            return;
        }
        try {
            byte[] buffer = new byte[65536];
            long total = 0;
            for (int n = in.read(buffer); n >= 0 && total < 64L * 1024 * 1024; n = in.read(buffer)) {
                total += n;
            }
        } catch (IOException e) {
            // the client gave up: nothing to answer
        }
    }

    private static String fileName(String fileName, String disposition) {
        if (fileName != null && !fileName.isBlank()) {
            return fileName.strip();
        }
        if (disposition != null) {
            int i = disposition.indexOf("filename=");
            if (i >= 0) {
                return disposition.substring(i + 9).replace("\"", "").split(";")[0].strip();
            }
        }
        return "import";
    }

    record ReportSummary(long id, java.time.OffsetDateTime at, String actor, String fileName, String sha256,
            Map<String, Object> report) {
    }

    @GET
    public List<ReportSummary> reports() {
        Access access = Caller.of(request);
        if (!access.isEditor()) {
            throw Directory.problem(403, "import reports are shown to editors and administrators");
        }
        return directory.read(c -> {
            List<ReportSummary> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, at, actor, file_name, sha256, report FROM import_report ORDER BY id DESC");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> report = Directory.fromJson(rs.getString(6));
                    Object college = report.get("college");
                    if (access.isAdmin() || college != null && access.canEditCollege(college.toString())
                            || access.actor().equals(rs.getString(3))) {
                        out.add(new ReportSummary(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class),
                                rs.getString(3), rs.getString(4), rs.getString(5), report));
                    }
                }
            }
            return out;
        });
    }

    @GET
    @Path("{id}")
    public ReportSummary report(@PathParam("id") long id) {
        return reports().stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> Directory.notFound("import report " + id));
    }

    @GET
    @Path("proposals")
    public List<ContactImport.Proposal> proposals(@QueryParam("status") String status) {
        Access access = Caller.of(request);
        if (!access.isEditor()) {
            throw Directory.problem(403, "merge proposals are shown to editors and administrators");
        }
        return ContactImport.proposals(directory, access, status == null || status.isBlank() ? null : status);
    }

    @POST
    @Path("proposals/{id}/accept")
    public ContactImport.Proposal accept(@PathParam("id") long id) {
        return ContactImport.decide(directory, Caller.of(request), id, true);
    }

    @POST
    @Path("proposals/{id}/reject")
    public ContactImport.Proposal reject(@PathParam("id") long id) {
        return ContactImport.decide(directory, Caller.of(request), id, false);
    }
}
