package fr.datagrandest.plugin.legal.clauses;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What an editor sends to create a clause or a new version of it. */
public record ClauseInput(String id, String title, String category, String body, List<Clause.Alternative> alternatives,
        String commentary) {

    public ClauseInput validated() {
        List<String> faults = new ArrayList<>();
        if (id != null && !id.matches("[a-z0-9][a-z0-9-]{0,79}")) {
            faults.add("id must be lower-case letters, digits and '-' (at most 80 characters)");
        }
        if (title == null || title.isBlank() || title.length() > 300) {
            faults.add("title is required (at most 300 characters)");
        }
        if (category == null || !Clause.CATEGORIES.contains(category)) {
            faults.add("category must be one of " + Clause.CATEGORIES);
        }
        if (body == null || body.isBlank() || body.length() > 20_000) {
            faults.add("body is required (at most 20000 characters)");
        }
        Set<String> ids = new HashSet<>();
        for (Clause.Alternative alternative : alternatives == null ? List.<Clause.Alternative>of() : alternatives) {
            if (alternative.id() == null || !alternative.id().matches("[a-z0-9-]{1,30}") || !ids.add(alternative.id())) {
                faults.add("each alternative needs a distinct id of lower-case letters, digits and '-'");
            }
            if (alternative.body() == null || alternative.body().isBlank()) {
                faults.add("alternative '" + alternative.id() + "' needs a body");
            }
        }
        if (!faults.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", faults));
        }
        return new ClauseInput(id, title.strip(), category, body.strip(), alternatives == null ? List.of() : alternatives,
                commentary == null ? "" : commentary.strip());
    }
}
