-- The replica keeps what the directory says about a staff member's standing, so the audit query,
-- export and chain endpoints check the caller against the directory too, not only the token.
-- permissions null: a record from before this migration (the token decides until it is next published).
alter table directory_person add column active boolean not null default true;
alter table directory_person add column permissions text[];
