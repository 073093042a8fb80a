-- Issue #6: the actor's role at the time of the action, covered by the hash chain.
-- Staff directory roles in the replica (null for clients and for staff published before roles were carried).
alter table directory_person add column roles text[];

-- actor_role: the actor's roles, sorted and comma-joined (null when unknown or not staff).
-- canonical_version: which canonical form the row's hash covers (1: before actor_role, 2: with it).
-- Adding columns is DDL, not UPDATE, so the append-only trigger is not involved; existing rows read as
-- version 1 (a constant default is not a table rewrite) and keep verifying against their v1 hashes.
alter table audit_entry
    add column actor_role        text,
    add column canonical_version smallint not null default 1;
