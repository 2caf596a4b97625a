package ${package};

import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import fr.datagrandest.platform.api.territory.Territory;
import fr.datagrandest.platform.api.territory.TerritoryLevel;
import fr.datagrandest.platform.api.territory.TerritoryService;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The plugin's REST API:
 * <ul>
 * <li>{@code GET /${pluginName}/api/about}: the plugin's name and running version;</li>
 * <li>{@code GET /${pluginName}/api/notes?limit=N}: the latest notes;</li>
 * <li>{@code POST /${pluginName}/api/notes} with {@code {"title":"…","body":"…"}}: adds a note (201);</li>
 * <li>{@code GET /${pluginName}/api/communes/{code}}: the name of a commune, while the platform's territory
 * service runs (another module's service, used only when present).</li>
 * </ul>
 * A bad request is answered 400 with a precise message; the kernel writes it as problem details.
 */
@Component(service = NotesResource.class)
@JakartarsResource
@JakartarsApplicationSelect("(osgi.jakartars.name=${pluginName})")
@JSONRequired
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class NotesResource {

    /** The body of {@code POST /notes}. */
    public record NewNote(String title, String body) {
    }

    private final NoteStore store;
    private final String version;

    // Another module's service, used only while it is there: optional and dynamic, so this resource keeps
    // working when the territories module is absent, stopped or being updated. Read the field once per use.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile TerritoryService territories;

    @Activate
    public NotesResource(@Reference NoteStore store, BundleContext context) {
        this.store = store;
        this.version = context.getBundle().getVersion().toString();
    }

    @GET
    @Path("about")
    public Map<String, String> about() {
        return Map.of("plugin", "${pluginName}", "version", version);
    }

    @GET
    @Path("notes")
    public List<Note> notes(@QueryParam("limit") @DefaultValue("50") int limit) throws SQLException {
        if (limit < 1 || limit > 500) {
            throw new BadRequestException("limit must be between 1 and 500, not " + limit);
        }
        return store.latest(limit);
    }

    @GET
    @Path("communes/{code}")
    public Map<String, String> commune(@PathParam("code") String code) {
        TerritoryService service = territories;
        if (service == null) {
            // Degrade instead of failing: say what is missing.
            return Map.of("code", code, "name", "", "note", "the territories module is not running");
        }
        Territory commune = service.get(TerritoryLevel.COMMUNE, code)
                .orElseThrow(() -> new NotFoundException("no commune has the code " + code));
        return Map.of("code", code, "name", commune.name(), "note", "");
    }

    @POST
    @Path("notes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(NewNote note) throws SQLException {
        if (note == null || note.title() == null || note.title().isBlank()) {
            throw new BadRequestException("a note needs a title");
        }
        String title = note.title().strip();
        if (title.length() > NoteStore.MAX_TITLE) {
            throw new BadRequestException("the title is longer than " + NoteStore.MAX_TITLE + " characters");
        }
        Note saved = store.add(title, note.body() == null ? "" : note.body());
        return Response.created(URI.create("notes/" + saved.id())).entity(saved).build();
    }
}
