package fr.datagrandest.platform.core.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The texts of the portal in each language, read from {@code messages_<lang>.properties} (UTF-8) shipped in the
 * bundle. A text missing in English falls back to French.
 */
final class Messages {

    /** Keys with this prefix are also handed to the page's scripts (without the prefix). */
    static final String SCRIPT_PREFIX = "js.";

    private final Map<Language, Properties> texts;

    private Messages(Map<Language, Properties> texts) {
        this.texts = texts;
    }

    static Messages load() {
        Map<Language, Properties> texts = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            String name = "messages_" + language.tag() + ".properties";
            try (InputStream in = Messages.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("the bundle lacks its texts " + name);
                }
                Properties properties = new Properties();
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                texts.put(language, properties);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
        }
        return new Messages(texts);
    }

    Texts in(Language language) {
        return new Texts(language, texts.get(language), texts.get(Language.FR));
    }

    /** Every key of a language, for checking that translations are complete. */
    java.util.Set<String> keys(Language language) {
        return texts.get(language).stringPropertyNames();
    }

    /** The texts of one language. */
    record Texts(Language language, Properties own, Properties french) {

        String get(String key) {
            String text = own.getProperty(key);
            if (text == null) {
                text = french.getProperty(key);
            }
            return text == null ? key : text;
        }

        /** The text with {@code {0}}, {@code {1}}… replaced by the arguments (apostrophes stay as written). */
        String format(String key, Object... arguments) {
            String text = get(key);
            for (int i = 0; i < arguments.length; i++) {
                text = text.replace("{" + i + "}", String.valueOf(arguments[i]));
            }
            return text;
        }

        /** The texts the page scripts use, keyed without their {@code js.} prefix. */
        Map<String, String> forScripts() {
            Map<String, String> result = new TreeMap<>();
            for (Properties source : new Properties[] {french, own}) {
                for (String key : source.stringPropertyNames()) {
                    if (key.startsWith(SCRIPT_PREFIX)) {
                        result.put(key.substring(SCRIPT_PREFIX.length()), source.getProperty(key));
                    }
                }
            }
            return result;
        }
    }
}
