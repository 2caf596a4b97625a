/**
 * Storage the kernel gives each plugin: a {@code javax.sql.DataSource} per schema (declared in the bundle manifest, migrated by the kernel) and a file store for documents.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.datagrandest.platform.api.storage;
