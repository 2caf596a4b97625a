package fr.datagrandest.plugin.legal.licences;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.platform.api.catalog.DatasetCatalog;
import fr.datagrandest.platform.api.catalog.DatasetPage;
import fr.datagrandest.platform.api.catalog.DatasetRef;
import fr.datagrandest.plugin.legal.LegalApi;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

/**
 * {@code /legal/api/licences}: the licence guide and its questionnaire; each licence says which datasets of the
 * catalogue use it while a catalogue plugin runs, and that the catalogue is absent otherwise.
 */
@Component(service = LicencesResource.class)
@JakartarsResource
@JakartarsApplicationSelect(LegalApi.SELECT)
@JSONRequired
@Path("licences")
@Produces(MediaType.APPLICATION_JSON)
public class LicencesResource {

    /** How many datasets each licence of the list shows; one licence alone shows more (its {@code limit}). */
    static final int LIST_DATASETS = 5;
    static final int ONE_DATASETS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(LicencesResource.class);
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };

    /**
     * The datasets of the catalogue using a licence: {@code catalogue} false (and a French {@code message}) when no
     * catalogue runs or it failed to answer, otherwise the {@code total} and the {@code first} ones.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatasetsUsing(boolean catalogue, Long total, List<DatasetRef> first, String message) {

        static final DatasetsUsing ABSENT = new DatasetsUsing(false, null, null,
                "Le catalogue n'est pas déployé sur cette plateforme : les jeux de données sous cette licence ne peuvent pas être listés.");
        static final DatasetsUsing FAILED = new DatasetsUsing(false, null, null,
                "Le catalogue n'a pas répondu : les jeux de données sous cette licence ne peuvent pas être listés pour le moment.");
    }

    private final LicenceGuide guide;
    private final ObjectMapper mapper = new ObjectMapper();

    /**
     * Present only while a catalogue plugin runs; dynamic and greedy so that the guide neither restarts nor
     * waits when the catalogue comes or goes (field injection: a constructor cannot receive a dynamic reference).
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile DatasetCatalog catalog;

    @Activate
    public LicencesResource() throws IOException {
        this.guide = LicenceGuide.load(mapper);
    }

    @GET
    public List<Map<String, Object>> list() {
        DatasetCatalog current = catalog;
        return guide.all().stream().map(licence -> withDatasets(licence, datasets(current, licence, LIST_DATASETS))).toList();
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

    /** {@code GET /legal/api/licences/{id}?limit=}: one licence with up to {@code limit} (1 to 500) of its datasets. */
    @GET
    @Path("{id}")
    public Map<String, Object> one(@PathParam("id") String id, @QueryParam("limit") Integer limit) {
        Licence licence = guide.find(id).orElseThrow(() -> new NotFoundException("no licence '" + id + "' in the guide; known: "
                + guide.all().stream().map(Licence::id).toList()));
        int max = limit == null ? ONE_DATASETS : limit;
        if (max < 1 || max > 500) {
            throw new BadRequestException("limit must be between 1 and 500, not " + max);
        }
        return withDatasets(licence, datasets(catalog, licence, max));
    }

    private Map<String, Object> withDatasets(Licence licence, DatasetsUsing datasets) {
        Map<String, Object> fields = mapper.convertValue(licence, FIELDS);
        fields.put("datasets", datasets);
        return fields;
    }

    /** A failing catalogue must not take the licence guide down with it: it reads as absent, and is logged. */
    static DatasetsUsing datasets(DatasetCatalog catalog, Licence licence, int limit) {
        if (catalog == null) {
            return DatasetsUsing.ABSENT;
        }
        try {
            DatasetPage page = catalog.datasetsWithLicence(licence.id(), limit);
            return new DatasetsUsing(true, page.total(), page.datasets(), null);
        } catch (RuntimeException e) {
            LOG.warn("The catalogue failed to list the datasets under {}: {}", licence.id(), e.toString());
            return DatasetsUsing.FAILED;
        }
    }
}
