package fr.datagrandest.plugin.catalog.core.csw;

import java.util.Locale;

import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermRangeQuery;

import fr.datagrandest.plugin.catalog.core.search.SearchIndex;

/** The queryable properties of the CSW (Dublin Core and ISO AP names) and how each becomes an index query. */
final class QueryProperties {

    private QueryProperties() {
    }

    /** The canonical name of a property, or null when it is not queryable. */
    static String canonical(String name) {
        String local = name.substring(name.indexOf(':') + 1).toLowerCase(Locale.ROOT);
        return switch (local) {
            case "anytext", "csw:anytext" -> "anytext";
            case "title", "alternatetitle" -> "title";
            case "subject", "keywords", "topiccategory" -> "subject";
            case "abstract", "description" -> "abstract";
            case "identifier", "fileidentifier" -> "identifier";
            case "type" -> "type";
            case "format" -> "format";
            case "organisationname", "publisher", "creator" -> "organisation";
            case "modified", "date", "revisiondate", "publicationdate", "creationdate" -> "date";
            case "boundingbox", "envelope" -> "bbox";
            default -> null;
        };
    }

    /** Words of a PropertyIsLike / EqualTo on a text property: every word must match (wildcards are dropped). */
    static Query text(SearchIndex index, String property, String value, String locator) throws CswException {
        String canonical = canonical(property);
        if (canonical == null) {
            throw CswException.invalid(locator, "the property " + property + " is not queryable; use AnyText, Title,"
                    + " Subject, Abstract, Identifier, Type, Format, OrganisationName or Modified");
        }
        return switch (canonical) {
            case "anytext", "abstract" -> words(index, "all", value);
            case "title" -> words(index, "title", value);
            case "subject" -> words(index, "subject", value);
            case "identifier" -> SearchIndex.exact("id", value);
            case "type" -> SearchIndex.facetFilter("type", value.toLowerCase(Locale.ROOT));
            case "format" -> SearchIndex.facetFilter("format", value);
            case "organisation" -> words(index, "all", value);
            case "date" -> TermRangeQuery.newStringRange("date", value, value + "\uffff", true, true);
            default -> throw CswException.invalid(locator, "the property " + property + " cannot be compared to a text");
        };
    }

    private static Query words(SearchIndex index, String field, String value) {
        String cleaned = value.replace('%', ' ').replace('*', ' ').replace('_', ' ').replace('?', ' ');
        if (cleaned.isBlank()) {
            return new MatchAllDocsQuery();
        }
        return index.fieldQuery(field, cleaned);
    }

    /** Dates compared as ISO text (2020 < 2020-05-01 < 2021). */
    static Query range(String property, String value, boolean lower, boolean inclusive, String locator) throws CswException {
        if (!"date".equals(canonical(property))) {
            throw CswException.invalid(locator, "only dates (Modified, dc:date) can be compared with greater/less than");
        }
        return lower ? TermRangeQuery.newStringRange("date", value, null, inclusive, true)
                : TermRangeQuery.newStringRange("date", null, value + (inclusive ? "\uffff" : ""), true, inclusive);
    }
}
