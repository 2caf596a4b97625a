package fr.datagrandest.plugin.legal.questions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.sql.SQLException;
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
import fr.datagrandest.plugin.legal.library.LegalLibrary;
import fr.datagrandest.plugin.legal.library.UploadRefused;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * {@code /legal/api/questions} (signed-in partners ask and read their own questions; the legal team reads all
 * and answers) and {@code /legal/api/faq} (published answers, for everyone).
 */
@Component(service = QuestionsResource.class)
@JakartarsResource
@JakartarsApplicationSelect(LegalApi.SELECT)
@JSONRequired
@Path("questions")
@Produces(MediaType.APPLICATION_JSON)
public class QuestionsResource {

    private final QuestionDesk desk;
    private final LegalLibrary library;

    @Activate
    public QuestionsResource(@Reference QuestionDesk desk, @Reference LegalLibrary library) {
        this.desk = desk;
        this.library = library;
    }

    public record NewQuestion(String title, String body, String email) {
    }

    public record Answer(String answer, boolean faq, List<String> documents, List<String> clauses) {
    }

    private Caller signedIn(HttpServletRequest request) {
        Caller caller = Caller.of(request, desk.configuration().editorCollege());
        if (caller.identity().isAnonymous()) {
            throw new ClientErrorException("sign in to ask the legal team a question", Response.Status.UNAUTHORIZED);
        }
        return caller;
    }

    /** The question if the caller asked it or belongs to the legal team; 404 otherwise (no hint that it exists). */
    private Question visible(long id, Caller caller) throws SQLException {
        return desk.find(id).filter(q -> caller.editor() || q.askedBy().equals(caller.name()))
                .orElseThrow(() -> new NotFoundException("no question " + id + " of yours"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response ask(NewQuestion question, @Context HttpServletRequest request) throws SQLException {
        Caller caller = signedIn(request);
        if (question == null) {
            throw new BadRequestException("a JSON body with title, body and optionally email is required");
        }
        try {
            long id = desk.ask(question.title(), question.body(), question.email(), caller.name());
            return Response.status(201).header("Location", "/legal/api/questions/" + id).entity(desk.find(id).orElseThrow()).build();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @GET
    public List<Question> list(@Context HttpServletRequest request) throws SQLException {
        Caller caller = signedIn(request);
        return desk.list(caller.editor() ? null : caller.name());
    }

    @GET
    @Path("{id}")
    public Question one(@PathParam("id") long id, @Context HttpServletRequest request) throws SQLException {
        return visible(id, signedIn(request));
    }

    @POST
    @Path("{id}/attachments")
    @Consumes(MediaType.WILDCARD)
    public Response attach(@PathParam("id") long id, @QueryParam("filename") String filename, InputStream body,
            @Context HttpServletRequest request) throws SQLException, IOException {
        Question question = visible(id, signedIn(request));
        long limit = desk.configuration().maxUploadMiB() * 1024L * 1024L;
        java.nio.file.Path upload = Files.createTempFile(library.temporaryFolder(), "question-", ".part");
        try {
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            try (OutputStream out = Files.newOutputStream(upload)) {
                for (int n; (n = body.read(buffer)) > 0;) {
                    total += n;
                    if (total > limit) {
                        throw new ClientErrorException("the file is larger than the limit of " + desk.configuration().maxUploadMiB() + " MiB",
                                Response.Status.REQUEST_ENTITY_TOO_LARGE);
                    }
                    out.write(buffer, 0, n);
                }
            }
            desk.attach(question, upload, filename);
            return Response.status(201).entity(desk.find(id).orElseThrow()).build();
        } catch (UploadRefused e) {
            throw new ClientErrorException(e.getMessage(), e.status());
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    @GET
    @Path("{id}/attachments/{attachment}")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("id") long id, @PathParam("attachment") long attachment, @Context HttpServletRequest request)
            throws SQLException, IOException {
        visible(id, signedIn(request));
        String[] nameAndType = new String[2];
        InputStream content = desk.openAttachment(id, attachment, nameAndType)
                .orElseThrow(() -> new NotFoundException("no attachment " + attachment + " on this question"));
        StreamingOutput stream = out -> {
            try (content) {
                content.transferTo(out);
            }
        };
        return Response.ok(stream, nameAndType[1]).header("Content-Disposition",
                "attachment; filename=\"" + nameAndType[0].replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @POST
    @Path("{id}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    public Question answer(@PathParam("id") long id, Answer answer, @Context HttpServletRequest request) throws SQLException {
        Caller caller = Caller.of(request, desk.configuration().editorCollege());
        caller.requireEditor();
        Question question = visible(id, caller);
        if (answer == null) {
            throw new BadRequestException("a JSON body with answer, faq, documents and clauses is required");
        }
        try {
            return desk.answer(question, answer.answer(), answer.faq(), answer.documents(), answer.clauses(), caller.name());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }
}
