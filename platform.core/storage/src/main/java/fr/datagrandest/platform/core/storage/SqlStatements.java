package fr.datagrandest.platform.core.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a migration file into statements at the semicolons that end them: not those inside quotes
 * ({@code '...'}, {@code E'...'}, {@code "..."}), comments ({@code --}, block comments) or dollar-quoted bodies
 * ({@code $$ ... $$}, {@code $body$ ... $body$}) of functions.
 */
final class SqlStatements {

    /** One statement and the line of the file where it starts, for error messages. */
    record Statement(String sql, int line) {
    }

    private SqlStatements() {
    }

    static List<Statement> split(String script) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = 1;
        boolean meaningful = false; // the current statement holds more than blanks and comments
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            int end;
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (c == '\'') {
                boolean backslashEscapes = i > 0 && (script.charAt(i - 1) == 'E' || script.charAt(i - 1) == 'e')
                        && (i < 2 || !Character.isLetterOrDigit(script.charAt(i - 2)) && script.charAt(i - 2) != '_');
                end = closingQuote(script, i, '\'', backslashEscapes);
            } else if (c == '"') {
                end = closingQuote(script, i, '"', false);
            } else if (c == '$' && dollarTag(script, i) != null) {
                String tag = dollarTag(script, i);
                int close = script.indexOf(tag, i + tag.length());
                end = close < 0 ? n : close + tag.length();
            } else if (c == ';') {
                if (meaningful) {
                    statements.add(new Statement(current.toString().strip(), startLine));
                }
                current.setLength(0);
                meaningful = false;
                i++;
                continue;
            } else {
                end = i + 1;
            }
            String token = script.substring(i, end);
            boolean comment = c == '-' && token.startsWith("--") || c == '/' && token.startsWith("/*");
            if (!meaningful && !comment && !token.isBlank()) {
                meaningful = true;
                startLine = line;
            }
            current.append(token);
            line += (int) token.chars().filter(ch -> ch == '\n').count();
            i = end;
        }
        if (meaningful) {
            statements.add(new Statement(current.toString().strip(), startLine));
        }
        return statements;
    }

    /** Index just after the quote that closes the one at {@code start}; a doubled quote is part of the text. */
    private static int closingQuote(String script, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return script.length();
    }

    /** The tag ({@code $$} or {@code $name$}) that starts at {@code start}, or null when the $ is something else. */
    private static String dollarTag(String script, int start) {
        if (start > 0 && (Character.isLetterOrDigit(script.charAt(start - 1)) || script.charAt(start - 1) == '_')) {
            return null; // part of an identifier such as a$b
        }
        int i = start + 1;
        while (i < script.length() && (Character.isLetterOrDigit(script.charAt(i)) || script.charAt(i) == '_')) {
            i++;
        }
        if (i < script.length() && script.charAt(i) == '$' && (i == start + 1 || !Character.isDigit(script.charAt(start + 1)))) {
            return script.substring(start, i + 1);
        }
        return null;
    }
}
