package fr.datagrandest.plugin.legal.library;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import fr.datagrandest.plugin.legal.Caller;
import fr.datagrandest.plugin.legal.LegalApi;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /legal/api/documents}: search the library (readers see published documents only), read a document
 * and its attachments; editors of the legal team create, change, publish, archive and attach files.
 */
@Component(service = DocumentsResource.class)
@JakartarsResource
@JakartarsApplicationSelect(LegalApi.SELECT)
@JSONRequired
@Path("documents")
@Produces(MediaType.APPLICATION_JSON)
public class DocumentsResource {

    private final LegalLibrary library;

    @Activate
    public DocumentsResource(@Reference LegalLibrary library) {
        this.library = library;
    }

    private Caller caller(HttpServletRequest request) {
        return Caller.of(request, library.configuration().editorCollege());
    }

    /** Search: {@code ?q=} words, facet filters {@code kind theme audience year status} (repeatable), {@code offset limit}. */
    @GET
    public Map<String, Object> search(@QueryParam("q") String q, @QueryParam("offset") Integer offset,
            @QueryParam("limit") Integer limit, @Context UriInfo uri, @Context HttpServletRequest request) throws IOException {
        Caller caller = caller(request);
        int from = offset == null ? 0 : offset;
        int size = limit == null ? 20 : limit;
        if (from < 0 || from > 10_000 || size < 1 || size > 100) {
            throw new BadRequestException("offset must be 0 to 10000 and limit 1 to 100");
        }
        if (q != null && q.length() > 500) {
            throw new BadRequestException("the search text is limited to 500 characters");
        }
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (String dimension : DocumentIndex.DIMENSIONS) {
            List<String> values = uri.getQueryParameters().get(dimension);
            if (values != null && !values.isEmpty()) {
                filters.put(dimension, values);
            }
        }
        DocumentIndex.SearchResult result = library.search(q, filters, caller.editor(), from, size);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("query", q == null ? "" : q);
        answer.put("total", result.total());
        answer.put("offset", from);
        answer.put("hits", result.hits());
        answer.put("facets", result.facets());
        answer.put("indexReady", library.indexReady());
        return answer;
    }

    @GET
    @Path("{ref}")
    public Map<String, Object> one(@PathParam("ref") String ref, @Context HttpServletRequest request) throws SQLException {
        Caller caller = caller(request);
        LegalDocument document = visible(ref, caller);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("document", document);
        answer.put("versions", caller.editor() ? library.versions(document.id()) : List.of());
        answer.put("canEdit", caller.editor());
        return answer;
    }

    private LegalDocument visible(String ref, Caller caller) throws SQLException {
        var found = ref.matches("\\d{1,18}") ? library.find(Long.parseLong(ref)) : library.findBySlug(ref);
        return found.filter(d -> caller.editor() || d.status().equals("published"))
                .orElseThrow(() -> new NotFoundException("no published document '" + ref + "' in the library"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(DocumentInput input, @Context HttpServletRequest request) throws SQLException, IOException {
        Caller caller = caller(request);
        caller.requireEditor();
        if (input == null) {
            throw new BadRequestException("a JSON document is required");
        }
        try {
            LegalDocument created = library.create(input, caller.name());
            return Response.status(201).header("Location", "/legal/api/documents/" + created.id()).entity(created).build();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
        }
    }

    @PUT
    @Path("{ref}")
    @Consumes(MediaType.APPLICATION_JSON)
    public LegalDocument update(@PathParam("ref") String ref, DocumentInput input, @Context HttpServletRequest request)
            throws SQLException, IOException {
        Caller caller = caller(request);
        caller.requireEditor();
        if (input == null) {
            throw new BadRequestException("a JSON document is required");
        }
        LegalDocument current = visible(ref, caller);
        try {
            return library.update(current, input, caller.name());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ClientErrorException(e.getMessage(), Response.Status.CONFLICT);
        }
    }

    /**
     * Adds an attachment: the raw file as the body, its name in {@code ?filename=}. The body is written to a
     * temporary file under the size limit, checked, then stored; a refused file leaves nothing behind.
     */
    @POST
    @Path("{ref}/attachments")
    @Consumes(MediaType.WILDCARD)
    public Response attach(@PathParam("ref") String ref, @QueryParam("filename") String filename, InputStream body,
            @Context HttpServletRequest request) throws SQLException, IOException {
        Caller caller = caller(request);
        caller.requireEditor();
        LegalDocument document = visible(ref, caller);
        long limit = library.configuration().maxUploadMiB() * 1024L * 1024L;
        if (request.getContentLengthLong() > limit) {
            throw new ClientErrorException("the file is larger than the limit of " + library.configuration().maxUploadMiB() + " MiB",
                    Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        java.nio.file.Path upload = Files.createTempFile(library.temporaryFolder(), "upload-", ".part");
        try {
            long written = copyLimited(body, upload, limit);
            if (written < 0) {
                throw new ClientErrorException("the file is larger than the limit of " + library.configuration().maxUploadMiB() + " MiB",
                        Response.Status.REQUEST_ENTITY_TOO_LARGE);
            }
            LegalDocument updated = library.attach(document, upload, filename, caller.name());
            return Response.status(201).entity(updated).build();
        } catch (UploadRefused e) {
            throw new ClientErrorException(e.getMessage(), e.status());
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    /** Copies at most {@code limit} bytes; returns -1 when the body is longer. */
    private static long copyLimited(InputStream in, java.nio.file.Path target, long limit) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > limit) {
                    return -1;
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    @GET
    @Path("{ref}/attachments/{attachment}")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("ref") String ref, @PathParam("attachment") long attachmentId,
            @Context HttpServletRequest request) throws SQLException, IOException {
        LegalDocument document = visible(ref, caller(request));
        DocumentRepository.StoredAttachment attachment = library.attachment(document.id(), attachmentId)
                .orElseThrow(() -> new NotFoundException("no attachment " + attachmentId + " on this document"));
        InputStream content = library.open(attachment)
                .orElseThrow(() -> new NotFoundException("the file of this attachment is missing from the store"));
        StreamingOutput stream = out -> {
            try (content) {
                content.transferTo(out);
            }
        };
        String ascii = attachment.filename().replaceAll("[^A-Za-z0-9._-]", "_");
        return Response.ok(stream, attachment.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                        + java.net.URLEncoder.encode(attachment.filename(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @DELETE
    @Path("{ref}/attachments/{attachment}")
    public LegalDocument detach(@PathParam("ref") String ref, @PathParam("attachment") long attachmentId,
            @Context HttpServletRequest request) throws SQLException, IOException {
        Caller caller = caller(request);
        caller.requireEditor();
        LegalDocument document = visible(ref, caller);
        return library.detach(library.attachment(document.id(), attachmentId)
                .orElseThrow(() -> new NotFoundException("no attachment " + attachmentId + " on this document")));
    }

    /** Index state, for the page that shows progress while the index is rebuilt. */
    @GET
    @Path("_status")
    public Map<String, Object> status() {
        return Map.of("indexReady", library.indexReady(), "indexedDocuments", library.indexedDocuments(),
                "facets", new ArrayList<>(DocumentIndex.DIMENSIONS));
    }
}
