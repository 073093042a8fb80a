-- Attachment bytes as numbered chunks, so uploads and downloads stream (no file whole in the heap);
-- existing files become one chunk each.
create table attachment_chunk (
    attachment_id uuid    not null references attachment (id) on delete cascade,
    seq           integer not null,
    data          bytea   not null,
    primary key (attachment_id, seq)
);
insert into attachment_chunk (attachment_id, seq, data) select id, 0, content from attachment;
alter table attachment drop column content;

-- the per-uploader quota and the expiry sweep read only unsent uploads
create index attachment_unsent_idx on attachment (practice_id, uploaded_by) where message_id is null;
create index attachment_unsent_age_idx on attachment (uploaded_at) where message_id is null;
