package fr.datagrandest.plugin.legal.licences;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.plugin.legal.LegalApi;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/** {@code /legal/api/licences}: the licence guide and its questionnaire. */
@Component(service = LicencesResource.class)
@JakartarsResource
@JakartarsApplicationSelect(LegalApi.SELECT)
@JSONRequired
@Path("licences")
@Produces(MediaType.APPLICATION_JSON)
public class LicencesResource {

    private final LicenceGuide guide;

    @Activate
    public LicencesResource() throws IOException {
        this.guide = LicenceGuide.load(new ObjectMapper());
    }

    @GET
    public List<Licence> list() {
        return guide.all();
    }

    @GET
    @Path("questions")
    public List<LicenceGuide.Question> questions() {
        return guide.questions();
    }

    /** {@code GET /legal/api/licences/recommendation?nature=donnees&public=oui&…}: a licence and why. */
    @GET
    @Path("recommendation")
    public LicenceGuide.Recommendation recommend(@Context UriInfo uri) {
        Map<String, String> answers = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((key, values) -> answers.put(key, values.isEmpty() ? "" : values.get(0)));
        try {
            return guide.recommend(answers);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @GET
    @Path("{id}")
    public Licence one(@PathParam("id") String id) {
        return guide.find(id).orElseThrow(() -> new NotFoundException("no licence '" + id + "' in the guide; known: "
                + guide.all().stream().map(Licence::id).toList()));
    }
}
