-- Messages, one copy per recipient, per-channel delivery status and its timeline.
create table message (
    id             uuid primary key,
    practice_id    uuid        not null,
    thread_id      uuid        not null,
    sender_id      uuid        not null,
    sender_kind    text        not null,
    sender_name    text        not null,
    subject        text        not null,
    body           text        not null,
    content_sha256 text        not null,
    sent_at        timestamptz not null
);
create index message_sender_idx on message (practice_id, sender_id, sent_at desc);
create index message_thread_idx on message (thread_id, sent_at);

create table message_recipient (
    id             uuid primary key,
    message_id     uuid        not null references message (id),
    practice_id    uuid        not null,
    recipient_id   uuid        not null,
    recipient_kind text        not null,
    display_name   text        not null,
    via_group_id   uuid,
    sent_at        timestamptz not null,
    read_at        timestamptz,
    archived_at    timestamptz,
    unique (message_id, recipient_id)
);
create index message_recipient_inbox_idx on message_recipient (practice_id, recipient_id, sent_at desc);

create table recipient_channel_status (
    message_id   uuid        not null,
    recipient_id uuid        not null,
    channel      text        not null,
    status       text        not null,
    reason       text,
    updated_at   timestamptz not null,
    primary key (message_id, recipient_id, channel)
);

create table delivery_status_history (
    id           bigserial primary key,
    message_id   uuid        not null,
    recipient_id uuid        not null,
    channel      text        not null,
    status       text        not null,
    reason       text,
    occurred_at  timestamptz not null
);
create index delivery_status_history_message_idx on delivery_status_history (message_id, occurred_at);

-- Local replica of the directory (from the compacted directory topic): who can be messaged.
create table directory_entry (
    id           uuid primary key,
    practice_id  uuid    not null,
    kind         text    not null,
    display_name text    not null,
    email        text,
    active       boolean not null,
    deleted      boolean not null,
    permissions  text[]  not null default '{}',
    version      bigint  not null
);
create index directory_entry_practice_idx on directory_entry (practice_id, kind);

create table practice (
    id                       uuid primary key,
    name                     text    not null,
    portal_messaging_enabled boolean not null,
    direct_messaging_enabled boolean not null,
    deleted                  boolean not null,
    version                  bigint  not null
);

create table processed_event (
    event_id   text primary key,
    handled_at timestamptz not null default now()
);

create table outbox_event (
    seq         bigserial primary key,
    id          uuid        not null unique,
    topic       text        not null,
    event_key   text        not null,
    type        text        not null,
    source      text        not null,
    subject     text,
    occurred_at timestamptz not null,
    payload     bytea       not null
);
