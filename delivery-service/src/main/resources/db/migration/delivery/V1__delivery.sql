-- Delivery attempts: one row per (message, recipient, channel), written before the side effect, never twice.
create table delivery_attempt (
    id              uuid primary key,
    message_id      uuid        not null,
    practice_id     uuid        not null,
    sender_id       uuid        not null,
    recipient_id    uuid        not null,
    recipient_kind  text        not null,
    recipient_name  text        not null,
    channel         text        not null,
    status          text        not null,
    reason          text,
    -- where the channel delivers to (the e-mail address for e-mail notices); null for in-app
    destination     text,
    tries           integer     not null default 0,
    next_attempt_at timestamptz,
    lease_until     timestamptz,
    message_sent_at timestamptz not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    unique (message_id, recipient_id, channel)
);
create index delivery_attempt_due_idx on delivery_attempt (channel, next_attempt_at) where status = 'queued';
create index delivery_attempt_leased_idx on delivery_attempt (channel, lease_until) where status = 'sending';

-- Every state an attempt went through, for the sender's attempt history.
create table delivery_attempt_event (
    id          bigserial primary key,
    attempt_id  uuid        not null references delivery_attempt (id),
    status      text        not null,
    reason      text,
    occurred_at timestamptz not null
);
create index delivery_attempt_event_attempt_idx on delivery_attempt_event (attempt_id, id);

-- The in-app notification feed, one notice per (message, recipient). The text never carries PHI.
create table notification (
    id             uuid primary key,
    practice_id    uuid        not null,
    recipient_id   uuid        not null,
    recipient_kind text        not null,
    message_id     uuid        not null,
    text           text        not null,
    created_at     timestamptz not null,
    seen_at        timestamptz,
    unique (message_id, recipient_id)
);
create index notification_feed_idx on notification (practice_id, recipient_id, created_at desc, id desc);
create index notification_unread_idx on notification (practice_id, recipient_id) where seen_at is null;

-- Local replica of the directory (from the compacted directory topic): addresses and notification preferences.
create table directory_entry (
    id                  uuid primary key,
    practice_id         uuid    not null,
    kind                text    not null,
    display_name        text    not null,
    email               text,
    active              boolean not null,
    portal_status       text,
    email_notifications boolean not null,
    push_notifications  boolean not null,
    deleted             boolean not null,
    version             bigint  not null
);
create index directory_entry_practice_idx on directory_entry (practice_id, kind);

create table practice (
    id                       uuid primary key,
    name                     text    not null,
    sender_email             text,
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
