-- The W3C trace context of the span an outbox row continues (CloudEvents distributed-tracing extension):
-- the relay's publish span is its child and the record carries ce_traceparent (platform's OutboxRelay).
alter table outbox_event add column traceparent text, add column tracestate text;
