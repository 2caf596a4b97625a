/**
 * Shared by the kernel's endpoints: the one error format (RFC 9457 problem details, or plain text for the
 * command-line client), JSON answers and request bodies with a size limit. Not part of the plugin contract.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.datagrandest.platform.core.web;
