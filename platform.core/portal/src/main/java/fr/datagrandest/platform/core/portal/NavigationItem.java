package fr.datagrandest.platform.core.portal;

/**
 * An entry of the portal's navigation as shown to one visitor.
 *
 * @param id     stable identifier ({@code "home"}, {@code "admin"}, or the plugin's own)
 * @param path   where it leads
 * @param label  the label in the visitor's language
 * @param order  position, smaller first
 * @param kernel true for the portal's own entries (home, administration)
 */
record NavigationItem(String id, String path, String label, int order, boolean kernel) {
}
