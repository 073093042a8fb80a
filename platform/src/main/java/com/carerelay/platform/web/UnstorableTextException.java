package com.carerelay.platform.web;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.exc.InvalidFormatException;

/** A JSON string the database could not store as sent (see {@link StorableText}); answered 400 naming the field. */
public class UnstorableTextException extends InvalidFormatException {

    public UnstorableTextException(JsonParser parser, String problem, String value) {
        super(parser, problem, value, String.class);
    }
}
