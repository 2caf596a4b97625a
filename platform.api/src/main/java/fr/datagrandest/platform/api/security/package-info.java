/**
 * Who is calling and what they may do: roles, the identity the kernel attaches to each request, and the append-only audit log.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package fr.datagrandest.platform.api.security;
