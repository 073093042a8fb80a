-- A subject's history can be thousands of entries while most have a few dozen, and a subject id
-- determines its practice: finer statistics and the dependency let the planner see a large history
-- and walk the subject index in order with the page's LIMIT instead of sorting the whole history.
alter table audit_entry alter column subject_id set statistics 1000;
create statistics audit_entry_subject_practice (dependencies) on practice_id, subject_id from audit_entry;
