/**
 * The territories of Grand Est (région, départements, EPCI, communes) for "enter by territory".
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.datagrandest.platform.api.territory;
