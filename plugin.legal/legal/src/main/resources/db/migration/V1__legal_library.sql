-- Resource library: documents with their versions and attachments; clause library; assembled documents.
CREATE TABLE legal_document (
    id BIGSERIAL PRIMARY KEY,
    slug VARCHAR(120) NOT NULL UNIQUE,
    kind VARCHAR(20) NOT NULL,
    title VARCHAR(300) NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    themes VARCHAR(600) NOT NULL,
    audience VARCHAR(600) NOT NULL,
    author VARCHAR(200) NOT NULL,
    issued DATE NOT NULL,
    licence VARCHAR(40) NOT NULL,
    status VARCHAR(12) NOT NULL,
    version INTEGER NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by VARCHAR(120) NOT NULL
);

CREATE TABLE legal_document_version (
    document_id BIGINT NOT NULL REFERENCES legal_document(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    title VARCHAR(300) NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    status VARCHAR(12) NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by VARCHAR(120) NOT NULL,
    note VARCHAR(300) NOT NULL,
    PRIMARY KEY (document_id, version)
);

CREATE TABLE legal_attachment (
    id BIGSERIAL PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES legal_document(id) ON DELETE CASCADE,
    filename VARCHAR(200) NOT NULL,
    media_type VARCHAR(100) NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 VARCHAR(64) NOT NULL,
    store_key VARCHAR(200) NOT NULL,
    pages INTEGER NOT NULL,
    extracted_text TEXT NOT NULL,
    added_at TIMESTAMP WITH TIME ZONE NOT NULL,
    added_by VARCHAR(120) NOT NULL
);
CREATE INDEX legal_attachment_document ON legal_attachment(document_id);

CREATE TABLE legal_clause (
    id VARCHAR(80) PRIMARY KEY,
    current_version INTEGER NOT NULL
);

CREATE TABLE legal_clause_version (
    clause_id VARCHAR(80) NOT NULL REFERENCES legal_clause(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    title VARCHAR(300) NOT NULL,
    category VARCHAR(60) NOT NULL,
    body TEXT NOT NULL,
    alternatives TEXT NOT NULL,
    commentary TEXT NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by VARCHAR(120) NOT NULL,
    PRIMARY KEY (clause_id, version)
);

CREATE TABLE legal_assembly (
    id BIGSERIAL PRIMARY KEY,
    model_id VARCHAR(80) NOT NULL,
    title VARCHAR(300) NOT NULL,
    clauses_used TEXT NOT NULL,
    variables TEXT NOT NULL,
    markdown TEXT NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by VARCHAR(120) NOT NULL
);
