package fr.datagrandest.platform.core.storage;

/**
 * One SQL migration of a schema.
 *
 * @param version  the n of {@code V<n>__<description>.sql}; migrations run in increasing order
 * @param script   where it comes from, relative to {@code db/migration}: {@code V2__index.sql} or
 *                 {@code h2/V2__index.sql} when a dialect-specific file replaces the generic one
 * @param checksum SHA-256 of the file, hexadecimal: an applied migration must never change
 */
record Migration(long version, String description, String script, String sql, String checksum) {
}
