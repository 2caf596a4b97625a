package fr.datagrandest.plugin.catalog.core.csw;

/** XML escaping shared with the other writers of the bundle. */
public final class RecordXmlAccess {
    private RecordXmlAccess() {
    }

    public static String escape(String s) {
        return RecordXml.escape(s);
    }
}
