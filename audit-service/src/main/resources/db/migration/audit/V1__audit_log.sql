-- The activity log: one row per (event, subject whose log it is), chained per practice.
create table audit_entry (
    id             bigserial primary key,
    practice_id    uuid        not null,
    chain_seq      bigint      not null,
    occurred_at    timestamptz not null,
    recorded_at    timestamptz not null,
    actor_id       uuid,
    actor_kind     text        not null,
    actor_name     text,
    action         text        not null,
    subject_id     uuid        not null,
    subject_kind   text        not null,
    message_id     uuid,
    channel        text,
    outcome        text        not null,
    reason         text,
    content_sha256 text,
    detail         text,
    event_id       text,
    event_type     text,
    prev_hash      bytea       not null,
    hash           bytea       not null,
    unique (practice_id, chain_seq)
);
-- a subject's page, newest first, with (occurred_at, id) as the cursor
create index audit_entry_subject_idx on audit_entry (practice_id, subject_id, occurred_at desc, id desc);
create index audit_entry_message_idx on audit_entry (practice_id, message_id) where message_id is not null;
-- completeness check: entries per event type and time range
create index audit_entry_recorded_idx on audit_entry (practice_id, recorded_at);

-- The head of each practice's chain: the last sequence number and hash, locked while appending.
create table chain_head (
    practice_id uuid primary key,
    last_seq    bigint not null,
    last_hash   bytea  not null
);

-- Every event handled, by type, and how many entries it produced: the completeness check compares the two.
create table event_seen (
    event_id        text primary key,
    practice_id     uuid        not null,
    event_type      text        not null,
    handled_at      timestamptz not null,
    entries_written int         not null
);
create index event_seen_practice_idx on event_seen (practice_id, handled_at);

-- Local replica of staff and clients (from the compacted directory topic): names and practice.
create table directory_person (
    id           uuid primary key,
    practice_id  uuid    not null,
    kind         text    not null,
    display_name text    not null,
    deleted      boolean not null,
    version      bigint  not null
);

create table processed_event (
    event_id   text primary key,
    handled_at timestamptz not null default now()
);
