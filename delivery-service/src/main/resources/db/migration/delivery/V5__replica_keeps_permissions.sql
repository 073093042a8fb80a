-- What the directory grants each staff member now, so redrive and other permissioned calls check the
-- replica as well as the token. Null: a record from before this migration (the token decides until the
-- staff member is next published).
alter table directory_entry add column permissions text[];
