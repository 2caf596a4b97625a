/**
 * EventAdmin topics for news that crosses plugins.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.datagrandest.platform.api.events;
