package fr.datagrandest.plugin.directory;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the directory holds and what its API reads and writes, as JSON. */
final class Entries {

    private Entries() {
    }

    /** Types of organisation with their French label. */
    static final Map<String, String> ORGANISATION_TYPES = Map.of("commune", "Commune", "epci", "EPCI",
            "departement", "Département", "region", "Région", "state-service", "Service de l'État", "agency",
            "Agence ou établissement public", "association", "Association", "company", "Entreprise", "other", "Autre");

    /** Roles of a person in an organisation with their French label. */
    static final Map<String, String> ROLES = Map.of("referent", "Référent DataGrandEst", "technical",
            "Contact technique", "elected", "Élu·e", "director", "Direction", "communication", "Communication",
            "other", "Autre rôle");

    /** Kinds of membership of a collège with their French label. */
    static final Map<String, String> MEMBERSHIP_KINDS = Map.of("member", "Membre", "funder", "Financeur", "partner",
            "Partenaire");

    record College(String code, String name, String description, long organisations, long people) {
    }

    record Territory(String level, String code, String name) {
    }

    record Membership(String college, String collegeName, String kind, LocalDate since, LocalDate until) {
    }

    record OrganisationRef(long id, String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Organisation(long id, String name, String type, String typeLabel, String siren, String siret,
            Territory territory, String website, List<Membership> memberships, Boolean synthetic,
            List<PersonSummary> referents, List<PersonSummary> people, OffsetDateTime updatedAt) {
    }

    record Role(long organisationId, String organisationName, String role, String roleLabel, String label) {
    }

    record PersonSummary(long id, String name, String jobTitle, List<Role> roles) {
    }

    /** A person as the caller may see them: the private fields are null for who may not read them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Person(long id, String firstName, String lastName, String name, String jobTitle,
            OrganisationRef organisation, List<Role> roles, List<String> colleges, List<String> groups,
            String email, String phone, String account, String notes, List<String> flags, String purpose,
            OffsetDateTime consentAt, String consentText, Boolean synthetic, Boolean editable,
            OffsetDateTime updatedAt) {
    }

    record Page<T>(String query, long total, int offset, int limit, List<T> items) {
    }

    // ---- input bodies ----

    record MembershipInput(String college, String kind, LocalDate since, LocalDate until) {
    }

    record OrganisationInput(String name, String type, String siren, String siret, String territoryLevel,
            String territoryCode, String website, List<MembershipInput> memberships) {
    }

    record RoleInput(Long organisationId, String role, String label) {
    }

    record PersonInput(String firstName, String lastName, String email, String phone, String jobTitle,
            Long organisationId, String account, String notes, List<RoleInput> roles, String purpose,
            Boolean consent, String consentText) {
    }

    record CollegeInput(String code, String name, String description) {
    }

    record GroupInput(String name, String college, String mailingList, String description, List<Long> members) {
    }

    record Group(long id, String name, String college, String mailingList, String description,
            List<PersonSummary> members) {
    }

    record HistoryEntry(OffsetDateTime at, String actor, String action, Map<String, Object> changes) {
    }
}
