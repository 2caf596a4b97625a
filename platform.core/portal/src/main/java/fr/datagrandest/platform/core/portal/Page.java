package fr.datagrandest.platform.core.portal;

import java.util.List;

/**
 * One page's own part, which {@link PageLayout} puts inside the portal's frame.
 *
 * @param title    the page title (the front page passes {@code null}: the site's name is its title)
 * @param activeId the navigation entry to mark as current, may be {@code null}
 * @param main     the HTML of the {@code <main>} element's content, already escaped
 * @param scripts  the bundle's scripts the page needs besides {@code portal.js}
 */
record Page(String title, String activeId, String main, List<String> scripts) {
}
