-- The practice's outgoing-message webhook: its URL here, its signing secrets (sealed with AES-GCM) below.
alter table practice add column webhook_url text;

create table practice_webhook_secret (
    id          uuid primary key,
    practice_id uuid        not null references practice (id),
    secret      bytea       not null,
    hint        text        not null,
    created_at  timestamptz not null,
    retired_at  timestamptz
);
create index practice_webhook_secret_active_idx on practice_webhook_secret (practice_id) where retired_at is null;

-- A staff member's DIRECT address and signing credentials (private key sealed with AES-GCM) and the last check.
alter table staff
    add column direct_address                text,
    add column direct_certificate_pem        text,
    add column direct_private_key            bytea,
    add column direct_credentials_valid      boolean not null default false,
    add column direct_credentials_problem    text,
    add column direct_credentials_reason     text,
    add column direct_credentials_checked_at timestamptz;
create unique index staff_direct_address_idx on staff (practice_id, lower(direct_address)) where direct_address is not null;

-- Web Push subscriptions of portal clients (one per browser; the endpoint is unique world-wide).
create table client_push_subscription (
    id         uuid primary key,
    client_id  uuid        not null references client (id),
    endpoint   text        not null unique,
    p256dh     text        not null,
    auth       text        not null,
    created_at timestamptz not null
);
create index client_push_subscription_client_idx on client_push_subscription (client_id);

-- DIRECT contacts: providers at other organizations, reached by secure health e-mail.
create table direct_contact (
    id                    uuid primary key,
    practice_id           uuid        not null references practice (id),
    name                  text        not null,
    organization          text,
    direct_address        text        not null,
    certificate_pem       text        not null,
    certificate_not_after timestamptz not null,
    status                text        not null,
    version               bigint      not null
);
create unique index direct_contact_address_idx on direct_contact (practice_id, lower(direct_address));

-- The recipient typeahead: one row per indexed name part of every entry that may be suggested, kept in the
-- transaction of each change. Tokens are normalized in Java (accents off, lower case, letters and digits);
-- the C collation makes one btree serve both the prefix range and the ranking order.
create table recipient_index (
    entry_id     uuid             not null,
    token        text collate "C" not null,
    practice_id  uuid             not null,
    kind         text             not null,
    sort_key     text collate "C" not null,
    search_text  text             not null,
    display_name text             not null,
    detail       text,
    member_count integer,
    primary key (entry_id, token)
);
create index recipient_index_prefix_idx on recipient_index (practice_id, kind, token, sort_key) include (search_text);
