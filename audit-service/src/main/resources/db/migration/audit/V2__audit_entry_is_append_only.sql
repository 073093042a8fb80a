-- Retention: the log is append-only at the database level. Any UPDATE, DELETE or TRUNCATE of
-- audit_entry fails, whoever issues it through the normal path (the service role included), and
-- the table's UPDATE/DELETE/TRUNCATE privileges are withdrawn from every role but its owner.
create function audit_entry_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_entry is append-only: % is not allowed', tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_entry_no_update_or_delete
    before update or delete on audit_entry
    for each row execute function audit_entry_is_append_only();

create trigger audit_entry_no_truncate
    before truncate on audit_entry
    for each statement execute function audit_entry_is_append_only();

revoke update, delete, truncate on audit_entry from public;
