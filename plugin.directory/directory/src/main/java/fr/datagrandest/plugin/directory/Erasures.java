package fr.datagrandest.plugin.directory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tombstones of the people erased on request (RGPD), so that an import or the LDAP synchronisation does not
 * create them again. A tombstone holds no personal data in clear: keyed hashes (HMAC-SHA-256) of the normalised
 * e-mail address and of the LDAP entry key. The key is random, made once per database and kept in a table of its
 * own, so a copy of the tombstones alone (an export, a report) lets nobody test addresses against them. An
 * administrator lifts a tombstone when the person asks to be added again.
 */
final class Erasures {

    /** What the administrator sees of a tombstone: when, and by what it recognises the person (never the value). */
    record Tombstone(long id, OffsetDateTime erasedAt, boolean email, boolean ldapEntry) {
    }

    /** The tombstones read once for an import or a synchronisation run. */
    static final class Check {
        private final Mac mac;
        private final Set<String> emails;
        private final Set<String> ldapKeys;

        private Check(Mac mac, Set<String> emails, Set<String> ldapKeys) {
            this.mac = mac;
            this.emails = emails;
            this.ldapKeys = ldapKeys;
        }

        boolean email(String email) {
            String n = normalEmail(email);
            return n != null && !emails.isEmpty() && emails.contains(digest(mac, "email", n));
        }

        boolean ldapEntry(String key) {
            String n = normalLdapKey(key);
            return n != null && !ldapKeys.isEmpty() && ldapKeys.contains(digest(mac, "ldap", n));
        }

        boolean isEmpty() {
            return emails.isEmpty() && ldapKeys.isEmpty();
        }
    }

    private static final int KEY_ID = 1;
    private final Directory directory;
    private volatile SecretKeySpec key;

    Erasures(Directory directory) {
        this.directory = directory;
    }

    /** Case and surrounding spaces ignored (also for an address the directory flags as invalid). */
    static String normalEmail(String email) {
        return email == null || email.isBlank() ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** entryUUID values and normalised DNs compare without case. */
    static String normalLdapKey(String key) {
        return key == null || key.isBlank() ? null : key.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Writes the tombstone of a person being erased (in the erasing transaction). Returns its id, or null when the
     * person had neither an e-mail address nor an LDAP entry: nothing else recognises them without keeping their name.
     */
    Long record(Connection c, String email, String ldapKey) throws SQLException {
        String e = normalEmail(email);
        String l = normalLdapKey(ldapKey);
        if (e == null && l == null) {
            return null;
        }
        Mac mac = mac();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO erasure_tombstone (erased_at, email_digest, ldap_digest)"
                + " VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            s.setObject(1, Directory.now());
            s.setString(2, e == null ? null : digest(mac, "email", e));
            s.setString(3, l == null ? null : digest(mac, "ldap", l));
            s.executeUpdate();
            return Directory.generatedId(s);
        }
    }

    Check load(Connection c) throws SQLException {
        Set<String> emails = new HashSet<>();
        Set<String> ldap = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT email_digest, ldap_digest FROM erasure_tombstone");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (rs.getString(1) != null) {
                    emails.add(rs.getString(1));
                }
                if (rs.getString(2) != null) {
                    ldap.add(rs.getString(2));
                }
            }
        }
        return new Check(emails.isEmpty() && ldap.isEmpty() ? null : mac(), emails, ldap);
    }

    /** Whether an address belongs to a person erased on request (for a single creation). */
    boolean erasedEmail(Connection c, String email) throws SQLException {
        String e = normalEmail(email);
        return e != null && Directory.exists(c, "SELECT 1 FROM erasure_tombstone WHERE email_digest = ?",
                digest(mac(), "email", e));
    }

    List<Tombstone> list(Access access) {
        requireAdmin(access);
        return directory.read(c -> {
            List<Tombstone> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, erased_at, email_digest IS NOT NULL,"
                    + " ldap_digest IS NOT NULL FROM erasure_tombstone ORDER BY id");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Tombstone(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getBoolean(3),
                            rs.getBoolean(4)));
                }
            }
            return out;
        });
    }

    /**
     * Lifts the tombstones of a person who asks to be added again: by the id given in the erasure's audit event, or
     * by their e-mail address. Returns how many were lifted; 404 when none matches.
     */
    int lift(Access access, Long id, String email) {
        requireAdmin(access);
        if ((id == null) == (normalEmail(email) == null)) {
            throw Directory.problem(400, "give either the number of the erasure or the person's e-mail address (?email=)");
        }
        int lifted = directory.inTransaction(c -> id != null
                ? Directory.update(c, "DELETE FROM erasure_tombstone WHERE id = ?", id)
                : Directory.update(c, "DELETE FROM erasure_tombstone WHERE email_digest = ?",
                        digest(mac(), "email", normalEmail(email))));
        if (lifted == 0) {
            throw Directory.problem(404, id != null ? "no erasure " + id + " is kept"
                    : "no erasure is kept for this e-mail address");
        }
        directory.audit(access.actor(), "directory.erasure.lift", id != null ? "erasure:" + id : "erasure", "success",
                lifted + " erasure tombstone(s) lifted: the person may be added again");
        return lifted;
    }

    private static void requireAdmin(Access access) {
        if (!access.isAdmin()) {
            throw Directory.problem(403, "only a platform administrator sees and lifts erasures");
        }
    }

    private Mac mac() throws SQLException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String digest(Mac mac, String kind, String normalised) {
        mac.reset();
        return HexFormat.of().formatHex(mac.doFinal((kind + ":" + normalised).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The key, made on first use. It is written on a connection of its own and committed at once: a key kept in
     * memory while the transaction that wrote it rolled back would make tombstones nobody can match later.
     */
    private SecretKeySpec key() throws SQLException {
        SecretKeySpec k = key;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (key != null) {
                return key;
            }
            try (Connection c = directory.dataSource().getConnection()) {
                c.setAutoCommit(true);
                String secret = readKey(c);
                if (secret == null) {
                    byte[] random = new byte[32];
                    new SecureRandom().nextBytes(random);
                    try {
                        Directory.update(c, "INSERT INTO erasure_key (id, secret) VALUES (?, ?)", KEY_ID,
                                HexFormat.of().formatHex(random));
                    } catch (SQLException taken) {
                        // another node made it first: use theirs
                    }
                    secret = readKey(c);
                    if (secret == null) {
                        throw new SQLException("the erasure key could not be stored");
                    }
                }
                key = new SecretKeySpec(HexFormat.of().parseHex(secret), "HmacSHA256");
                return key;
            }
        }
    }

    private static String readKey(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT secret FROM erasure_key WHERE id = ?")) {
            s.setInt(1, KEY_ID);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
