package fr.datagrandest.plugin.catalog.core.csw;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;

import fr.datagrandest.plugin.catalog.core.search.SearchIndex;

/**
 * OGC CQL text, the basic subset: {@code prop LIKE 'x'}, {@code prop = 'x'}, {@code <>}, {@code > >= < <=} on dates,
 * {@code BBOX(prop, minx, miny, maxx, maxy)} (longitude first), {@code AND}, {@code OR}, {@code NOT}, parentheses.
 */
final class CqlTranslator {

    private final SearchIndex index;
    private List<String> tokens;
    private int pos;

    CqlTranslator(SearchIndex index) {
        this.index = index;
    }

    Query parse(String cql) throws CswException {
        tokens = tokenize(cql);
        pos = 0;
        if (tokens.isEmpty()) {
            throw error("the CQL text is empty");
        }
        Query q = or();
        if (pos < tokens.size()) {
            throw error("unexpected '" + tokens.get(pos) + "' in the CQL text");
        }
        return q;
    }

    private Query or() throws CswException {
        List<Query> parts = new ArrayList<>(List.of(and()));
        while (peek("OR")) {
            pos++;
            parts.add(and());
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        parts.forEach(p -> b.add(p, Occur.SHOULD));
        return b.build();
    }

    private Query and() throws CswException {
        List<Query> parts = new ArrayList<>(List.of(not()));
        while (peek("AND")) {
            pos++;
            parts.add(not());
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        parts.forEach(p -> b.add(p, Occur.MUST));
        return b.build();
    }

    private Query not() throws CswException {
        if (peek("NOT")) {
            pos++;
            return new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.MUST).add(not(), Occur.MUST_NOT).build();
        }
        return primary();
    }

    private Query primary() throws CswException {
        String t = next("a condition");
        if (t.equals("(")) {
            Query q = or();
            expect(")");
            return q;
        }
        if (t.equalsIgnoreCase("BBOX")) {
            expect("(");
            next("a property name");
            double[] box = new double[4];
            for (int i = 0; i < 4; i++) {
                expect(",");
                String n = next("a number");
                try {
                    box[i] = Double.parseDouble(n);
                } catch (NumberFormatException e) {
                    throw error("BBOX needs four numbers, not '" + n + "'");
                }
            }
            if (peek(",")) {
                pos += 2; // optional CRS
            }
            expect(")");
            return SearchIndex.bboxQuery(box[0], box[1], box[2], box[3], false);
        }
        String property = t;
        String op = next("an operator after " + property).toUpperCase(Locale.ROOT);
        boolean negated = false;
        if (op.equals("NOT")) {
            negated = true;
            op = next("LIKE").toUpperCase(Locale.ROOT);
        }
        String value = literal(next("a value"));
        Query q = switch (op) {
            case "LIKE", "ILIKE", "=" -> QueryProperties.text(index, property, value, "constraint");
            case "<>" -> new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.MUST)
                    .add(QueryProperties.text(index, property, value, "constraint"), Occur.MUST_NOT).build();
            case ">" -> QueryProperties.range(property, value, true, false, "constraint");
            case ">=" -> QueryProperties.range(property, value, true, true, "constraint");
            case "<" -> QueryProperties.range(property, value, false, false, "constraint");
            case "<=" -> QueryProperties.range(property, value, false, true, "constraint");
            default -> throw error("unknown operator '" + op + "'; use LIKE, =, <>, <, <=, >, >=");
        };
        return negated ? new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.MUST).add(q, Occur.MUST_NOT).build() : q;
    }

    private String literal(String token) throws CswException {
        if (token.startsWith("'")) {
            return token.substring(1, token.length() - 1).replace("''", "'");
        }
        if (token.matches("-?[0-9.]+")) {
            return token;
        }
        throw error("a value must be a quoted text or a number, not '" + token + "'");
    }

    private boolean peek(String t) {
        return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(t);
    }

    private String next(String expected) throws CswException {
        if (pos >= tokens.size()) {
            throw error("the CQL text ends where " + expected + " was expected");
        }
        return tokens.get(pos++);
    }

    private void expect(String t) throws CswException {
        String got = next("'" + t + "'");
        if (!got.equals(t)) {
            throw error("'" + t + "' expected, not '" + got + "'");
        }
    }

    private static CswException error(String message) {
        return CswException.invalid("constraint", "invalid CQL: " + message);
    }

    private static List<String> tokenize(String s) throws CswException {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                int j = i + 1;
                StringBuilder b = new StringBuilder("'");
                while (true) {
                    if (j >= s.length()) {
                        throw error("a quoted text is not closed");
                    }
                    if (s.charAt(j) == '\'') {
                        if (j + 1 < s.length() && s.charAt(j + 1) == '\'') {
                            b.append("''");
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    b.append(s.charAt(j++));
                }
                out.add(b.append('\'').toString());
                i = j + 1;
            } else if ("(),".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else if ("<>=!".indexOf(c) >= 0) {
                int j = i + 1;
                while (j < s.length() && "<>=".indexOf(s.charAt(j)) >= 0) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "(),'<>=".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }
}
