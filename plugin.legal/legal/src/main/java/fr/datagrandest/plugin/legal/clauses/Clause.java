package fr.datagrandest.plugin.legal.clauses;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One version of a clause: a body with named variables such as {@code {{partie_1}}}, alternatives that replace
 * the body when chosen, and a commentary that says when to use which.
 */
public record Clause(String id, int version, String title, String category, String body, List<Alternative> alternatives,
        String commentary, Instant changedAt, String changedBy) {

    /** Categories, as the legal team names them. */
    public static final List<String> CATEGORIES = List.of("objet et parties", "licence et réutilisation", "données personnelles",
            "responsabilité", "sécurité", "niveaux de service", "réversibilité", "durée et résiliation", "propriété intellectuelle",
            "confidentialité", "financement", "litiges");

    static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-z][a-z0-9_]{0,40})\\s*}}");

    /** A replacement text for the clause's body. */
    public record Alternative(String id, String label, String body) {
    }

    /** The variables the body or any alternative uses, in order of first use. */
    public List<String> variables() {
        Set<String> names = new LinkedHashSet<>(variablesOf(body));
        alternatives.forEach(a -> names.addAll(variablesOf(a.body())));
        return new ArrayList<>(names);
    }

    public static List<String> variablesOf(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text == null ? "" : text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return new ArrayList<>(names);
    }

    /** The body of the alternative, or the main body when {@code alternative} is null or empty. */
    public String bodyFor(String alternative) {
        if (alternative == null || alternative.isBlank()) {
            return body;
        }
        return alternatives.stream().filter(a -> a.id().equals(alternative)).map(Alternative::body).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("clause '" + id + "' has no alternative '" + alternative
                        + "'; it has " + alternatives.stream().map(Alternative::id).toList()));
    }
}
