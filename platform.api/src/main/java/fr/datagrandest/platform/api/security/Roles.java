package fr.datagrandest.platform.api.security;

/** The roles the kernel knows. An {@code editor} role is scoped to one collège. */
public final class Roles {

    /** Everything, including accounts and security settings. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** Installs, updates, stops and rolls back modules. */
    public static final String MODULE_ADMIN = "module-admin";
    /** Edits the content of one collège (directory entries, catalogue records…). */
    public static final String EDITOR = "editor";
    /** Reads what is not public. */
    public static final String READER = "reader";

    private Roles() {
    }
}
