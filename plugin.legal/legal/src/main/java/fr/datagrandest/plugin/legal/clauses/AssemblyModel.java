package fr.datagrandest.plugin.legal.clauses;

import java.util.List;

/**
 * A model of document to assemble: its title, a preamble and a closing with variables, and the clauses it
 * proposes (the user may drop optional ones, add others and choose alternatives).
 */
public record AssemblyModel(String id, String title, String description, String preamble, String closing,
        List<ModelClause> clauses) {

    public record ModelClause(String clause, boolean required, String alternative) {
    }
}
