/**
 * What the legal resource library tells other plugins. A {@link fr.datagrandest.platform.api.legal.LicenceGuide}
 * service exists only while the legal plugin runs, so consumers (the catalogue's record pages) reference it
 * optionally and dynamically.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.datagrandest.platform.api.legal;
