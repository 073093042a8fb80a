package com.carerelay.platform.web;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses, while reading a request body, every JSON string (values and map keys, at any depth) that
 * PostgreSQL could not store as sent: one check for every endpoint of every service, so such text
 * answers 400 naming the field instead of failing at the database.
 */
public class StorableTextModule extends SimpleModule {

    public StorableTextModule() {
        super("carerelay-storable-text");
        addDeserializer(String.class, new StorableStrings());
        addKeyDeserializer(String.class, new StorableKeys());
    }

    static final class StorableStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            return checked(parser, super.deserialize(parser, context));
        }
    }

    static final class StorableKeys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws JacksonException {
            return checked(context.getParser(), key);
        }
    }

    private static String checked(JsonParser parser, String text) {
        String problem = StorableText.problem(text);
        if (problem != null) {
            throw new UnstorableTextException(parser, problem, text);
        }
        return text;
    }
}
