package fr.datagrandest.platform.core.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import fr.datagrandest.platform.api.security.Roles;

/** Accounts, their roles and collèges, in the tables of V1__accounts.sql. */
final class AccountStore {

    private static final String COLUMNS = "username, source, password_hash, enabled, created_at, updated_at";

    private final Database database;

    AccountStore(Database database) {
        this.database = database;
    }

    long count() {
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT COUNT(*) FROM accounts");
                    ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    Optional<Account> find(String username) {
        if (username == null) {
            return Optional.empty();
        }
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT " + COLUMNS + " FROM accounts WHERE username = ?")) {
                statement.setString(1, username);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Set<String> roles = new HashSet<>();
                    Set<String> colleges = new HashSet<>();
                    readGrants(c, username, roles, colleges);
                    return Optional.of(account(row, roles, colleges));
                }
            }
        });
    }

    List<Account> list() {
        return database.read(c -> {
            Map<String, Set<String>> roles = new HashMap<>();
            Map<String, Set<String>> colleges = new HashMap<>();
            try (PreparedStatement statement = c.prepareStatement("SELECT username, role FROM account_roles");
                    ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    roles.computeIfAbsent(row.getString(1), k -> new HashSet<>()).add(row.getString(2));
                }
            }
            try (PreparedStatement statement = c.prepareStatement("SELECT username, college FROM account_colleges");
                    ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    colleges.computeIfAbsent(row.getString(1), k -> new HashSet<>()).add(row.getString(2));
                }
            }
            List<Account> accounts = new ArrayList<>();
            try (PreparedStatement statement = c.prepareStatement("SELECT " + COLUMNS + " FROM accounts ORDER BY username");
                    ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String username = row.getString("username");
                    accounts.add(account(row, roles.getOrDefault(username, Set.of()), colleges.getOrDefault(username, Set.of())));
                }
            }
            return accounts;
        });
    }

    /** Stores a new account; false when the username is taken. */
    boolean insert(Account account) {
        try {
            return database.transaction(c -> {
                try (PreparedStatement statement = c.prepareStatement("INSERT INTO accounts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                    statement.setString(1, account.username());
                    statement.setString(2, account.source());
                    statement.setString(3, account.passwordHash());
                    statement.setBoolean(4, account.enabled());
                    statement.setObject(5, Database.timestamp(account.createdAt()));
                    statement.setObject(6, Database.timestamp(account.updatedAt()));
                    statement.executeUpdate();
                }
                writeGrants(c, account);
                return true;
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && Database.isDuplicateKey(sql)) {
                return false;
            }
            throw e;
        }
    }

    /** Replaces what can change in an account (source, password hash, enabled, roles, collèges); false when it is gone. */
    boolean update(Account account) {
        return database.transaction(c -> {
            try (PreparedStatement statement = c.prepareStatement(
                    "UPDATE accounts SET source = ?, password_hash = ?, enabled = ?, updated_at = ? WHERE username = ?")) {
                statement.setString(1, account.source());
                statement.setString(2, account.passwordHash());
                statement.setBoolean(3, account.enabled());
                statement.setObject(4, Database.timestamp(account.updatedAt()));
                statement.setString(5, account.username());
                if (statement.executeUpdate() == 0) {
                    return false;
                }
            }
            for (String table : List.of("account_roles", "account_colleges")) {
                try (PreparedStatement statement = c.prepareStatement("DELETE FROM " + table + " WHERE username = ?")) {
                    statement.setString(1, account.username());
                    statement.executeUpdate();
                }
            }
            writeGrants(c, account);
            return true;
        });
    }

    /** Replaces only the password hash (a stronger hash after a sign-in). */
    void updatePasswordHash(String username, String passwordHash) {
        database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("UPDATE accounts SET password_hash = ? WHERE username = ?")) {
                statement.setString(1, passwordHash);
                statement.setString(2, username);
                return statement.executeUpdate();
            }
        });
    }

    /** Removes the account with its roles, collèges, tokens and sessions; false when there was none. */
    boolean delete(String username) {
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("DELETE FROM accounts WHERE username = ?")) {
                statement.setString(1, username);
                return statement.executeUpdate() > 0;
            }
        });
    }

    /** Enabled platform administrators other than the given account. */
    long otherEnabledPlatformAdmins(String username) {
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT COUNT(*) FROM accounts a"
                    + " JOIN account_roles r ON r.username = a.username"
                    + " WHERE r.role = ? AND a.enabled = TRUE AND a.username <> ?")) {
                statement.setString(1, Roles.PLATFORM_ADMIN);
                statement.setString(2, username);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    private static void readGrants(Connection c, String username, Set<String> roles, Set<String> colleges) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement("SELECT 'role', role FROM account_roles WHERE username = ?"
                + " UNION ALL SELECT 'college', college FROM account_colleges WHERE username = ?")) {
            statement.setString(1, username);
            statement.setString(2, username);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    (row.getString(1).equals("role") ? roles : colleges).add(row.getString(2));
                }
            }
        }
    }

    private static void writeGrants(Connection c, Account account) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement("INSERT INTO account_roles (username, role) VALUES (?, ?)")) {
            for (String role : account.roles()) {
                statement.setString(1, account.username());
                statement.setString(2, role);
                statement.executeUpdate();
            }
        }
        try (PreparedStatement statement = c.prepareStatement("INSERT INTO account_colleges (username, college) VALUES (?, ?)")) {
            for (String college : account.colleges()) {
                statement.setString(1, account.username());
                statement.setString(2, college);
                statement.executeUpdate();
            }
        }
    }

    private static Account account(ResultSet row, Set<String> roles, Set<String> colleges) throws SQLException {
        return new Account(row.getString("username"), row.getString("source"), row.getString("password_hash"),
                row.getBoolean("enabled"), roles, colleges, Database.instant(row, "created_at"), Database.instant(row, "updated_at"));
    }
}
