-- The subject and sender display name of the practice's e-mail notices (from the directory); null: neutral defaults.
alter table practice add column notice_subject text;
alter table practice add column notice_sender_name text;
