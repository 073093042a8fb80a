-- Shared by every consuming service (platform's DeadLetters): dead-letter records re-queued through the
-- redrive endpoint, each record once. Versions 1000+ are the platform's; a service's own stay below.
-- "if not exists": delivery-service created this table in its own V2 before it moved to the platform.
create table if not exists dead_letter_redrive (
    dlq_partition integer     not null,
    dlq_offset    bigint      not null,
    practice_id   uuid        not null,
    topic         text        not null,
    event_id      text,
    redriven_by   uuid        not null,
    redriven_at   timestamptz not null,
    primary key (dlq_partition, dlq_offset)
);
