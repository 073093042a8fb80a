-- The W3C trace context of the span an outbox row continues (CloudEvents distributed-tracing extension):
-- the relay's publish span is its child and the record carries ce_traceparent (platform's OutboxRelay).
alter table outbox_event add column traceparent text, add column tracestate text;
-- An attempt keeps the context of the fan-out that created it, so each channel's try (a span) and the status
-- event it publishes join the trace of the message's send.
alter table delivery_attempt add column traceparent text, add column tracestate text;
