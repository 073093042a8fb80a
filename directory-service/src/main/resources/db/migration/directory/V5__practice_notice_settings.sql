-- The subject and sender display name of a practice's e-mail notices; null means the neutral default.
alter table practice add column notice_subject text;
alter table practice add column notice_sender_name text;
