/**
 * What a plugin contributes to the portal shell: navigation entries, global search hits and links for a territory.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.datagrandest.platform.api.portal;
