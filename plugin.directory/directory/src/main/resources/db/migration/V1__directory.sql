-- The shared directory: organisations, collèges and memberships, people and their roles, working groups,
-- the history of every entry, import reports and merge proposals.

CREATE TABLE college (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE organisation (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    siren           TEXT,
    siret           TEXT,
    territory_level TEXT,
    territory_code  TEXT,
    territory_name  TEXT,
    website         TEXT,
    search_text     TEXT NOT NULL,
    synthetic       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX organisation_name_key ON organisation (name_key);
CREATE INDEX organisation_siren ON organisation (siren);
CREATE INDEX organisation_territory ON organisation (territory_level, territory_code);

CREATE TABLE membership (
    id              BIGSERIAL PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    college_code    TEXT NOT NULL REFERENCES college (code),
    kind            TEXT NOT NULL,
    since           DATE,
    until           DATE
);
CREATE INDEX membership_organisation ON membership (organisation_id);
CREATE INDEX membership_college ON membership (college_code);

CREATE TABLE person (
    id              BIGSERIAL PRIMARY KEY,
    first_name      TEXT NOT NULL,
    last_name       TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    email           TEXT,
    email_key       TEXT,
    phone           TEXT,
    job_title       TEXT,
    organisation_id BIGINT REFERENCES organisation (id) ON DELETE SET NULL,
    account         TEXT,
    notes           TEXT,
    flags           TEXT NOT NULL DEFAULT '',
    purpose         TEXT NOT NULL DEFAULT '',
    consent_at      TIMESTAMP WITH TIME ZONE,
    consent_text    TEXT,
    synthetic       BOOLEAN NOT NULL DEFAULT FALSE,
    search_text     TEXT NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_activity_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX person_email_key ON person (email_key);
CREATE INDEX person_name_key ON person (name_key);
CREATE INDEX person_organisation ON person (organisation_id);
CREATE INDEX person_account ON person (account);

CREATE TABLE person_role (
    id              BIGSERIAL PRIMARY KEY,
    person_id       BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
    role            TEXT NOT NULL,
    label           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_role_person ON person_role (person_id);
CREATE INDEX person_role_organisation ON person_role (organisation_id, role);

CREATE TABLE working_group (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT NOT NULL,
    college_code  TEXT REFERENCES college (code),
    mailing_list  TEXT,
    description   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE group_member (
    group_id  BIGINT NOT NULL REFERENCES working_group (id) ON DELETE CASCADE,
    person_id BIGINT NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, person_id)
);

CREATE TABLE entry_history (
    id          BIGSERIAL PRIMARY KEY,
    entity_type TEXT NOT NULL,
    entity_id   BIGINT NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    changes     TEXT NOT NULL
);
CREATE INDEX entry_history_entity ON entry_history (entity_type, entity_id);

CREATE TABLE import_report (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    dry_run     BOOLEAN NOT NULL,
    report      TEXT NOT NULL
);

CREATE TABLE merge_proposal (
    id          BIGSERIAL PRIMARY KEY,
    import_id   BIGINT NOT NULL REFERENCES import_report (id) ON DELETE CASCADE,
    person_id   BIGINT REFERENCES person (id) ON DELETE CASCADE,
    college_code TEXT,
    reason      TEXT NOT NULL,
    incoming    TEXT NOT NULL,
    status      TEXT NOT NULL,
    decided_by  TEXT,
    decided_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX merge_proposal_status ON merge_proposal (status);
