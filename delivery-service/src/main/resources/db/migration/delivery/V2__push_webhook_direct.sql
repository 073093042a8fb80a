-- The practice's outgoing-message webhook: URL, every active signing secret, and whether a 410 disabled it here.
alter table practice
    add column webhook_url             text,
    add column webhook_secrets         text[] not null default '{}',
    add column webhook_disabled_at     timestamptz,
    add column webhook_disabled_reason text;

-- A staff member's DIRECT address and signing credentials (certificate PEM; private key still sealed).
alter table directory_entry
    add column direct_address            text,
    add column direct_credentials_valid  boolean not null default false,
    add column direct_certificate_pem    text,
    add column direct_private_key_sealed text;

-- A client's web push subscriptions, as the directory last listed them. A 404/410 from the push service
-- marks one gone here (gone_at); the next directory version of the client replaces the whole list.
create table push_subscription (
    id          bigserial primary key,
    client_id   uuid        not null,
    endpoint    text        not null,
    p256dh      text        not null,
    auth        text        not null,
    gone_at     timestamptz,
    gone_status integer,
    unique (client_id, endpoint)
);

-- DIRECT contacts (providers at other organizations) with the certificate messages are encrypted to.
create table direct_contact (
    id              uuid primary key,
    practice_id     uuid    not null,
    name            text    not null,
    organization    text,
    direct_address  text,
    certificate_pem text,
    active          boolean not null,
    deleted         boolean not null,
    version         bigint  not null
);

-- What a content-carrying channel delivers (the webhook's JSON body, the DIRECT message), fixed when the attempt
-- is created so every retry carries the same bytes.
create table attempt_content (
    attempt_id uuid primary key references delivery_attempt (id),
    content    text not null
);

-- A DIRECT message handed to the HISP relay, until an MDN or DSN settles it or its deadline passes.
create table direct_tracking (
    attempt_id     uuid primary key references delivery_attempt (id),
    smtp_message_id text        not null unique,
    sent_at        timestamptz not null,
    final_deadline timestamptz not null,
    processed_at   timestamptz,
    final_at       timestamptz
);
create index direct_tracking_open_idx on direct_tracking (final_deadline) where final_at is null;

-- Dead-letter records re-queued through the redrive endpoint: each record once.
create table dead_letter_redrive (
    dlq_partition integer     not null,
    dlq_offset    bigint      not null,
    practice_id   uuid        not null,
    topic         text        not null,
    event_id      text,
    redriven_by   uuid        not null,
    redriven_at   timestamptz not null,
    primary key (dlq_partition, dlq_offset)
);
