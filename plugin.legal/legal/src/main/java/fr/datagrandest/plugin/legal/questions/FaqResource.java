package fr.datagrandest.plugin.legal.questions;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jakartars.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsApplicationSelect;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsResource;

import fr.datagrandest.plugin.legal.LegalApi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /legal/api/faq}: the answers the legal team published, with the documents and clauses they cite. */
@Component(service = FaqResource.class)
@JakartarsResource
@JakartarsApplicationSelect(LegalApi.SELECT)
@JSONRequired
@Path("faq")
@Produces(MediaType.APPLICATION_JSON)
public class FaqResource {

    private final QuestionDesk desk;

    @Activate
    public FaqResource(@Reference QuestionDesk desk) {
        this.desk = desk;
    }

    @GET
    public Map<String, Object> faq() throws SQLException {
        List<Question.FaqEntry> entries = desk.faq().stream().map(Question::faqEntry).toList();
        return Map.of("total", entries.size(), "entries", entries);
    }
}
