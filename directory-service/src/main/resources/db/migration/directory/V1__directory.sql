-- Practices (tenants) and the people in them. Every change also writes an outbox row (DirectoryChanged).
create table practice (
    id                       uuid primary key,
    name                     text    not null,
    sender_email             text    not null,
    portal_messaging_enabled boolean not null,
    direct_messaging_enabled boolean not null,
    version                  bigint  not null
);

create table staff (
    id                  uuid primary key,
    practice_id         uuid    not null references practice (id),
    first_name          text    not null,
    last_name           text    not null,
    email               text    not null,
    active              boolean not null,
    roles               text[]  not null,
    email_notifications boolean not null,
    version             bigint  not null
);
create unique index staff_email_idx on staff (practice_id, lower(email));

create table client (
    id                  uuid primary key,
    practice_id         uuid    not null references practice (id),
    first_name          text    not null,
    last_name           text    not null,
    preferred_name      text,
    email               text,
    phone               text,
    time_zone           text    not null,
    locale              text    not null,
    portal_status       text    not null,
    email_notifications boolean not null,
    push_notifications  boolean not null,
    version             bigint  not null
);
create unique index client_email_idx on client (practice_id, lower(email)) where email is not null;

create table staff_group (
    id          uuid primary key,
    practice_id uuid   not null references practice (id),
    name        text   not null,
    version     bigint not null
);
create unique index staff_group_name_idx on staff_group (practice_id, lower(name));

create table staff_group_member (
    group_id uuid not null references staff_group (id) on delete cascade,
    staff_id uuid not null references staff (id),
    primary key (group_id, staff_id)
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
