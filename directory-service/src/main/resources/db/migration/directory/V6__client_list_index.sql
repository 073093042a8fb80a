-- The client list (the compliance view's page, GET /api/v1/clients) is a practice's clients ordered by
-- name: without this index every page sorted all of the practice's clients (p50 154 ms at 140,000 clients,
-- WebSpeedBenchmark); with it the first page is read in index order.
create index client_practice_name_idx on client (practice_id, last_name, first_name);
