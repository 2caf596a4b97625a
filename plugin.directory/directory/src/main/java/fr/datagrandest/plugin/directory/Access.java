package fr.datagrandest.plugin.directory;

import java.util.Collection;

import fr.datagrandest.platform.api.security.Roles;
import fr.datagrandest.platform.api.security.UserIdentity;

/**
 * Who may read and change what in the directory. Everybody (readers and anonymous visitors) sees the public
 * fields; a person sees and edits their own entry; an editor edits the organisations and people of the collèges
 * of their role; platform administrators everything.
 */
record Access(UserIdentity user) {

    static Access of(UserIdentity user) {
        return new Access(user == null ? UserIdentity.ANONYMOUS : user);
    }

    boolean isAdmin() {
        return user.roles().contains(Roles.PLATFORM_ADMIN);
    }

    boolean isEditor() {
        return isAdmin() || user.roles().contains(Roles.EDITOR) && !user.colleges().isEmpty();
    }

    String actor() {
        return user.username();
    }

    boolean isSelf(String account) {
        return account != null && !account.isBlank() && !user.isAnonymous() && account.equals(user.username());
    }

    /** May edit an entry that belongs to these collèges. */
    boolean canEdit(Collection<String> colleges) {
        if (isAdmin()) {
            return true;
        }
        return colleges.stream().anyMatch(user::canEditCollege);
    }

    boolean canEditCollege(String college) {
        return user.canEditCollege(college);
    }

    /** May read the private fields (e-mail, phone, notes, consent) of a person. */
    boolean canReadPrivate(Collection<String> colleges, String account) {
        return isSelf(account) || canEdit(colleges);
    }
}
