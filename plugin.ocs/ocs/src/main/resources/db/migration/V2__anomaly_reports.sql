-- Anomaly reports on OCS GE polygons: who reported what, for which vintage, and the workflow history.
CREATE TABLE anomaly_report (
    id BIGSERIAL PRIMARY KEY,
    departement VARCHAR(3) NOT NULL,
    millesime INTEGER NOT NULL,
    ocs_id VARCHAR(64) NOT NULL,
    current_cs VARCHAR(16) NOT NULL,
    current_us VARCHAR(16) NOT NULL,
    proposed_cs VARCHAR(16),
    proposed_us VARCHAR(16),
    comment TEXT,
    status VARCHAR(16) NOT NULL,
    reporter VARCHAR(100) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX anomaly_report_status ON anomaly_report (status);

CREATE TABLE anomaly_event (
    id BIGSERIAL PRIMARY KEY,
    report_id BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    username VARCHAR(100) NOT NULL,
    note TEXT,
    at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX anomaly_event_report ON anomaly_event (report_id);
