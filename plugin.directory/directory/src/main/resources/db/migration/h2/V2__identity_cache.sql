-- Embedded H2 only: its identity sequences hand out 32 values at a time and write the database file to disk
-- each time they need more (every commit is written before it returns). An import of 100,000 people (a
-- person, a history entry and often a role each) spent about a third of its time there. With 1,000 values at
-- a time, a restart may skip some ids, which nothing relies on. PostgreSQL sequences need no such change.
ALTER TABLE person ALTER COLUMN id SET CACHE 1000;
ALTER TABLE person_role ALTER COLUMN id SET CACHE 1000;
ALTER TABLE entry_history ALTER COLUMN id SET CACHE 1000;
ALTER TABLE organisation ALTER COLUMN id SET CACHE 1000;
ALTER TABLE membership ALTER COLUMN id SET CACHE 1000;
ALTER TABLE merge_proposal ALTER COLUMN id SET CACHE 1000;
