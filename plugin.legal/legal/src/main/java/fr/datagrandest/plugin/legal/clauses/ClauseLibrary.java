package fr.datagrandest.plugin.legal.clauses;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.datagrandest.plugin.legal.LegalConfiguration;
import fr.datagrandest.plugin.legal.library.FrenchTextAnalyzer;

/** The clause library: versioned clauses in the database, the models, search and assembly. */
@Component(service = ClauseLibrary.class, configurationPid = LegalConfiguration.PID)
public class ClauseLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(ClauseLibrary.class);

    private final ClauseRepository repository;
    private final Map<String, AssemblyModel> models = new LinkedHashMap<>();
    private final Analyzer analyzer = new FrenchTextAnalyzer();
    private final ObjectMapper json = new ObjectMapper();
    private final LegalConfiguration configuration;

    /** The result of an assembly: the document, and its record id (0 for a preview). */
    public record Assembly(long id, AssembledDocument document) {
    }

    @Activate
    public ClauseLibrary(@Reference(target = "(dge.storage.schema=legal)") DataSource dataSource, LegalConfiguration configuration)
            throws IOException, SQLException {
        this.repository = new ClauseRepository(dataSource);
        this.configuration = configuration;
        try (InputStream in = ClauseLibrary.class.getResourceAsStream("/starter/models.json")) {
            for (AssemblyModel model : json.readValue(in, new TypeReference<List<AssemblyModel>>() { })) {
                models.put(model.id(), model);
            }
        }
        if (configuration.starterContent() && repository.count() == 0) {
            try (InputStream in = ClauseLibrary.class.getResourceAsStream("/starter/clauses.json")) {
                List<ClauseInput> clauses = json.readValue(in, new TypeReference<List<ClauseInput>>() { });
                for (ClauseInput clause : clauses) {
                    ClauseInput valid = clause.validated();
                    repository.write(valid, valid.id(), "équipe juridique", true);
                }
                LOG.info("Clause library: {} starter clauses loaded", clauses.size());
            }
        }
    }

    public LegalConfiguration configuration() {
        return configuration;
    }

    public List<AssemblyModel> models() {
        return List.copyOf(models.values());
    }

    public Optional<AssemblyModel> model(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /** Current clauses whose title, category, body, alternatives or commentary hold every word (French analysis). */
    public List<Clause> search(String text, String category) throws SQLException {
        Set<String> wanted = terms(text);
        List<Clause> out = new ArrayList<>();
        for (Clause clause : repository.current()) {
            if (category != null && !category.isBlank() && !clause.category().equals(category)) {
                continue;
            }
            if (!wanted.isEmpty()) {
                StringBuilder all = new StringBuilder(clause.title()).append(' ').append(clause.category()).append(' ')
                        .append(clause.body()).append(' ').append(clause.commentary());
                clause.alternatives().forEach(a -> all.append(' ').append(a.label()).append(' ').append(a.body()));
                if (!terms(all.toString()).containsAll(wanted)) {
                    continue;
                }
            }
            out.add(clause);
        }
        return out;
    }

    private Set<String> terms(String text) {
        Set<String> terms = new HashSet<>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        try (TokenStream stream = analyzer.tokenStream("text", new StringReader(text))) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    public Optional<Clause> clause(String id, Integer version) throws SQLException {
        return version == null ? repository.current(id) : repository.version(id, version);
    }

    public List<Clause> versions(String id) throws SQLException {
        return repository.versions(id);
    }

    public Clause create(ClauseInput input, String by) throws SQLException {
        ClauseInput valid = input.validated();
        if (valid.id() == null) {
            throw new IllegalArgumentException("id is required for a new clause");
        }
        return repository.write(valid, valid.id(), by, true);
    }

    public Clause newVersion(String id, ClauseInput input, String by) throws SQLException {
        return repository.write(input.validated(), id, by, false);
    }

    /** What a user asks to assemble. */
    public record AssemblyRequest(String model, String title, List<ChosenClause> clauses, Map<String, String> variables) {
    }

    /** A clause to include; {@code version} pins an older version, {@code alternative} replaces the body. */
    public record ChosenClause(String id, Integer version, String alternative) {
    }

    /** The choices the request resolves to: the model, the title, and each clause version with its alternative. */
    public record Resolved(AssemblyModel model, String title, List<Assembler.Choice> choices) {
    }

    public Resolved resolve(AssemblyRequest request) throws SQLException {
        if (request == null || request.model() == null) {
            throw new IllegalArgumentException("model is required; models: " + models.keySet());
        }
        AssemblyModel model = model(request.model()).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + request.model() + "'; models: " + models.keySet()));
        List<ChosenClause> chosen = request.clauses();
        if (chosen == null) {
            chosen = model.clauses().stream().map(c -> new ChosenClause(c.clause(), null, c.alternative())).toList();
        }
        if (chosen.size() > 200) {
            throw new IllegalArgumentException("at most 200 clauses per document");
        }
        Set<String> ids = new HashSet<>();
        List<Assembler.Choice> choices = new ArrayList<>();
        for (ChosenClause c : chosen) {
            if (c == null || c.id() == null) {
                throw new IllegalArgumentException("each clause needs an id");
            }
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("clause '" + c.id() + "' is chosen twice");
            }
            Clause clause = clause(c.id(), c.version()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown clause '" + c.id() + "'" + (c.version() == null ? "" : " version " + c.version())));
            clause.bodyFor(c.alternative()); // refuses an unknown alternative
            choices.add(new Assembler.Choice(clause, c.alternative()));
        }
        for (AssemblyModel.ModelClause required : model.clauses()) {
            if (required.required() && !ids.contains(required.clause())) {
                throw new IllegalArgumentException("the model '" + model.id() + "' requires the clause '" + required.clause() + "'");
            }
        }
        String title = request.title() == null || request.title().isBlank() ? model.title() : request.title().strip();
        if (title.length() > 300) {
            throw new IllegalArgumentException("title is limited to 300 characters");
        }
        return new Resolved(model, title, choices);
    }

    /** Assembles the document and, unless it is a preview, records which clause versions it used. */
    public Assembly assemble(AssemblyRequest request, boolean preview, String by) throws SQLException, IOException {
        Resolved resolved = resolve(request);
        Map<String, String> variables = request.variables() == null ? Map.of() : request.variables();
        AssembledDocument document = Assembler.assemble(resolved.model(), resolved.title(), resolved.choices(), variables);
        if (preview) {
            return new Assembly(0, document);
        }
        long id = repository.recordAssembly(resolved.model().id(), document.title(), json.writeValueAsString(document.clausesUsed()),
                json.writeValueAsString(variables), DocumentFormats.markdown(document), by);
        return new Assembly(id, document);
    }

    /** A recorded assembly, made again from the exact clause versions and variables it used. */
    public Optional<Assembly> recorded(long id) throws SQLException, IOException {
        Optional<ClauseRepository.StoredAssembly> stored = repository.assembly(id);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        List<AssembledDocument.UsedClause> used = json.readValue(stored.get().clausesUsed(),
                new TypeReference<List<AssembledDocument.UsedClause>>() { });
        Map<String, String> variables = json.readValue(stored.get().variables(), new TypeReference<Map<String, String>>() { });
        List<ChosenClause> chosen = used.stream().map(u -> new ChosenClause(u.id(), u.version(), u.alternative())).toList();
        AssemblyModel model = model(stored.get().modelId()).orElseThrow();
        Resolved resolved = resolve(new AssemblyRequest(model.id(), stored.get().title(), chosen, variables));
        return Optional.of(new Assembly(id, Assembler.assemble(model, resolved.title(), resolved.choices(), variables)));
    }
}
