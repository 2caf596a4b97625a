-- Legal questions from partners, their answers, and answers published as FAQ entries.
CREATE TABLE legal_question (
    id BIGSERIAL PRIMARY KEY,
    title VARCHAR(300) NOT NULL,
    body TEXT NOT NULL,
    asked_by VARCHAR(120) NOT NULL,
    contact_email VARCHAR(254) NOT NULL,
    asked_at TIMESTAMP WITH TIME ZONE NOT NULL,
    status VARCHAR(12) NOT NULL,
    answer TEXT NOT NULL,
    answered_by VARCHAR(120) NOT NULL,
    answered_at TIMESTAMP WITH TIME ZONE,
    faq BOOLEAN NOT NULL,
    related_documents VARCHAR(2000) NOT NULL,
    related_clauses VARCHAR(2000) NOT NULL
);

CREATE TABLE legal_question_attachment (
    id BIGSERIAL PRIMARY KEY,
    question_id BIGINT NOT NULL REFERENCES legal_question(id) ON DELETE CASCADE,
    filename VARCHAR(200) NOT NULL,
    media_type VARCHAR(100) NOT NULL,
    size_bytes BIGINT NOT NULL,
    store_key VARCHAR(200) NOT NULL,
    added_at TIMESTAMP WITH TIME ZONE NOT NULL
);
