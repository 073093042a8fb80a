-- Every recipient kind in the replica: staff, clients, groups (with members) and DIRECT contacts.
alter table directory_entry add column first_name text;
alter table directory_entry add column last_name text;
alter table directory_entry add column preferred_name text;
alter table directory_entry add column portal_status text;
alter table directory_entry add column direct_address text;
alter table directory_entry add column direct_credentials_valid boolean not null default false;
create index directory_entry_direct_address_idx on directory_entry (practice_id, lower(direct_address));

create table group_member (
    group_id uuid not null,
    staff_id uuid not null,
    primary key (group_id, staff_id)
);

-- Rendered per recipient when a template or {{variables}} made their copy differ.
alter table message_recipient add column subject text;
alter table message_recipient add column body text;
alter table message_recipient add column address text;

create table message_template (
    id          uuid primary key,
    practice_id uuid        not null,
    name        text        not null,
    subject     text        not null,
    body        text        not null,
    created_by  uuid        not null,
    updated_at  timestamptz not null
);
create unique index message_template_name_idx on message_template (practice_id, lower(name));

create table attachment (
    id          uuid primary key,
    practice_id uuid        not null,
    uploaded_by uuid        not null,
    file_name   text        not null,
    media_type  text        not null,
    size_bytes  bigint      not null,
    sha256      text        not null,
    content     bytea       not null,
    message_id  uuid references message (id),
    uploaded_at timestamptz not null
);
create index attachment_message_idx on attachment (message_id);

create table idempotency_key (
    practice_id    uuid        not null,
    sender_id      uuid        not null,
    key            text        not null,
    request_sha256 text        not null,
    message_id     uuid        not null,
    created_at     timestamptz not null,
    primary key (practice_id, sender_id, key)
);
