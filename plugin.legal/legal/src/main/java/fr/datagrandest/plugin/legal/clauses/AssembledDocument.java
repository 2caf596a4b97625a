package fr.datagrandest.plugin.legal.clauses;

import java.util.ArrayList;
import java.util.List;

/**
 * A document made of clauses, with every variable filled, before it is written in a format. User text stays
 * plain text here; each writer escapes it for its own format.
 */
public record AssembledDocument(String title, List<Block> preamble, List<Section> sections, List<Block> closing,
        List<UsedClause> clausesUsed) {

    /** A paragraph, or an item of a bulleted list. */
    public record Block(String text, boolean bullet) {
    }

    public record Section(String heading, List<Block> blocks) {
    }

    /** Which clause, which version and which alternative went into the document. */
    public record UsedClause(String id, int version, String alternative, String title) {
    }

    /** Splits a filled text into blocks: blank lines separate paragraphs, lines starting with "- " are bullets. */
    public static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        StringBuilder paragraph = new StringBuilder();
        for (String line : text.replace("\r\n", "\n").split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("- ")) {
                flush(paragraph, out);
                out.add(new Block(trimmed.substring(2).strip(), true));
            } else if (trimmed.isEmpty()) {
                flush(paragraph, out);
            } else {
                if (paragraph.length() > 0) {
                    paragraph.append(' ');
                }
                paragraph.append(trimmed);
            }
        }
        flush(paragraph, out);
        return out;
    }

    private static void flush(StringBuilder paragraph, List<Block> out) {
        if (paragraph.length() > 0) {
            out.add(new Block(paragraph.toString(), false));
            paragraph.setLength(0);
        }
    }

    /** The trace printed at the end of every format: the clause versions used. */
    public String trace() {
        StringBuilder out = new StringBuilder("Clauses utilisées : ");
        for (int i = 0; i < clausesUsed.size(); i++) {
            UsedClause used = clausesUsed.get(i);
            out.append(i == 0 ? "" : ", ").append(used.id()).append(" v").append(used.version());
            if (used.alternative() != null && !used.alternative().isEmpty()) {
                out.append(" (variante ").append(used.alternative()).append(')');
            }
        }
        return out.append('.').toString();
    }
}
