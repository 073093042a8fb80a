-- The typeahead's candidate scans read only the index: it now also carries the entry id, so the heap is
-- visited just for the few rows a search returns.
drop index recipient_index_prefix_idx;
create index recipient_index_prefix_idx on recipient_index (practice_id, kind, token, sort_key)
    include (search_text, entry_id);
