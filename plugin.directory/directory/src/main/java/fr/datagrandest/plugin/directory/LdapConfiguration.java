package fr.datagrandest.plugin.directory;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Where the optional LDAP synchronisation reads people and groups, and which attributes give which field. */
@ObjectClassDefinition(name = "Directory LDAP synchronisation",
        description = "People and groups read from an LDAP directory into the shared directory")
public @interface LdapConfiguration {

    String PID = "fr.datagrandest.plugin.directory.ldap";

    @AttributeDefinition(description = "ldap://host:389 or ldaps://host:636; empty turns the synchronisation off")
    String url() default "";

    @AttributeDefinition(description = "DN to bind with; empty binds anonymously")
    String bindDn() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password of the bind DN")
    String password() default "";

    @AttributeDefinition(description = "Base DNs searched for people (whole subtree)")
    String[] peopleBaseDns() default {};

    @AttributeDefinition(description = "LDAP filter of the people entries")
    String peopleFilter() default "(objectClass=inetOrgPerson)";

    @AttributeDefinition(description = "Base DNs searched for groups (whole subtree); none: no groups")
    String[] groupBaseDns() default {};

    @AttributeDefinition(description = "LDAP filter of the group entries")
    String groupFilter() default "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames))";

    @AttributeDefinition(description = "Attribute that identifies an entry across renames; the DN when the entry has none")
    String keyAttribute() default "entryUUID";

    @AttributeDefinition(description = "Attribute of the first name")
    String firstNameAttribute() default "givenName";

    @AttributeDefinition(description = "Attribute of the last name")
    String lastNameAttribute() default "sn";

    @AttributeDefinition(description = "Attribute of the full name, used when the entry has no last name")
    String fullNameAttribute() default "cn";

    @AttributeDefinition(description = "Attribute of the e-mail address")
    String emailAttribute() default "mail";

    @AttributeDefinition(description = "Attribute of the phone number")
    String phoneAttribute() default "telephoneNumber";

    @AttributeDefinition(description = "Attribute of the job title")
    String jobTitleAttribute() default "title";

    @AttributeDefinition(description = "Attribute of the organisation name")
    String organisationAttribute() default "o";

    @AttributeDefinition(description = "Attribute of a group's name")
    String groupNameAttribute() default "cn";

    @AttributeDefinition(description = "Attributes listing a group's member DNs")
    String[] groupMemberAttributes() default {"member", "uniqueMember"};

    @AttributeDefinition(description = "Collège that new organisations and groups join (as the import's ?college=); empty: none")
    String college() default "";

    @AttributeDefinition(description = "Minutes between two scheduled synchronisations; 0: only on demand")
    int intervalMinutes() default 0;

    @AttributeDefinition(description = "Seconds to wait for the LDAP server to connect or answer")
    int timeoutSeconds() default 30;
}
