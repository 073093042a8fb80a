package com.carerelay.platform.web;

/**
 * Text PostgreSQL can store as it was sent: no NUL character (a {@code text} column refuses it) and
 * no lone UTF-16 surrogate (it has no UTF-8 form, so the driver would silently change it).
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why this text cannot be stored, or {@code null} when it can. */
    public static String problem(CharSequence text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "contains a NUL character, which cannot be stored";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an incomplete Unicode character, which cannot be stored";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an incomplete Unicode character, which cannot be stored";
            }
        }
        return null;
    }
}
