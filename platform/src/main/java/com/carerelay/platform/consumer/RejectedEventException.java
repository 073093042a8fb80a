package com.carerelay.platform.consumer;

/**
 * Thrown by an event handler that refuses an event as invalid data (e.g. a required field missing).
 * {@link EventBatchConsumer} dead-letters such an event; any other failure is treated as transient.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String reason) {
        super(reason);
    }
}
