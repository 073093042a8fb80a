package com.carerelay.events;

/** Kafka topics. Documented in the README's "Topics" table; keep the two in step. */
public final class Topics {

    /** MessageSent and MessageRead, keyed by message id. */
    public static final String MESSAGES = "carerelay.messages";
    /** DeliveryStatusChanged, keyed by message id so one message's states stay in order. */
    public static final String DELIVERY_STATUS = "carerelay.delivery-status";
    /** DirectoryChanged, compacted, keyed by entity id. */
    public static final String DIRECTORY = "carerelay.directory";

    /** The dead-letter topic of one consumer group. */
    public static String deadLetter(String consumerGroup) {
        return consumerGroup + ".dlq";
    }

    /** The topic events of this {@code ce_type} are published on, or null for a type CareRelay does not know. */
    public static String ofType(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case MessageSent.TYPE, MessageRead.TYPE -> MESSAGES;
            case DeliveryStatusChanged.TYPE -> DELIVERY_STATUS;
            case DirectoryChanged.TYPE -> DIRECTORY;
            default -> null;
        };
    }

    private Topics() {
    }
}
