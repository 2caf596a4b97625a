package fr.datagrandest.plugin.legal.clauses;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/** Fills a model and its chosen clauses with the user's variables. Pure logic. */
public final class Assembler {

    /** A clause as chosen by the user: which version of which clause, and which alternative. */
    public record Choice(Clause clause, String alternative) {
    }

    /** Refused because variables are missing or empty; names them all. */
    public static final class MissingVariables extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> names;

        public MissingVariables(List<String> names) {
            super("missing variable" + (names.size() > 1 ? "s" : "") + ": " + String.join(", ", names));
            this.names = List.copyOf(names);
        }

        public List<String> names() {
            return names;
        }
    }

    public static final int MAX_VALUE_LENGTH = 2_000;

    private Assembler() {
    }

    /** Every variable the model and the chosen clauses need, in order of first use. */
    public static List<String> variablesNeeded(AssemblyModel model, String title, List<Choice> choices) {
        Set<String> names = new LinkedHashSet<>(Clause.variablesOf(title));
        names.addAll(Clause.variablesOf(model.preamble()));
        for (Choice choice : choices) {
            names.addAll(Clause.variablesOf(choice.clause().bodyFor(choice.alternative())));
        }
        names.addAll(Clause.variablesOf(model.closing()));
        return new ArrayList<>(names);
    }

    public static AssembledDocument assemble(AssemblyModel model, String title, List<Choice> choices, Map<String, String> variables) {
        List<String> missing = new ArrayList<>();
        for (String name : variablesNeeded(model, title, choices)) {
            String value = variables.get(name);
            if (value == null || value.isBlank()) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingVariables(missing);
        }
        variables.forEach((name, value) -> {
            if (value != null && value.length() > MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("variable '" + name + "' is longer than " + MAX_VALUE_LENGTH + " characters");
            }
        });
        List<AssembledDocument.Section> sections = new ArrayList<>();
        List<AssembledDocument.UsedClause> used = new ArrayList<>();
        int article = 1;
        for (Choice choice : choices) {
            Clause clause = choice.clause();
            sections.add(new AssembledDocument.Section("Article " + article++ + " – " + fill(clause.title(), variables),
                    AssembledDocument.blocks(fill(clause.bodyFor(choice.alternative()), variables))));
            used.add(new AssembledDocument.UsedClause(clause.id(), clause.version(),
                    choice.alternative() == null ? "" : choice.alternative(), clause.title()));
        }
        return new AssembledDocument(fill(title, variables), AssembledDocument.blocks(fill(model.preamble(), variables)), sections,
                AssembledDocument.blocks(fill(model.closing(), variables)), used);
    }

    static String fill(String text, Map<String, String> variables) {
        Matcher m = Clause.VARIABLE.matcher(text == null ? "" : text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(variables.get(m.group(1)).strip()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
