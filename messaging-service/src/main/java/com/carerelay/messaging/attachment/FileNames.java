package com.carerelay.messaging.attachment;

import java.text.Normalizer;

/** Makes an uploaded file's name safe to show and to offer as a download name. */
final class FileNames {

    private static final int MAX_LENGTH = 200;

    private FileNames() {
    }

    /** Drops any path, control and reserved characters, leading dots and excess length; never empty. */
    static String sanitize(String original) {
        if (original == null) {
            return "attachment";
        }
        String name = original.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        name = Normalizer.normalize(name, Normalizer.Form.NFC)
                .replaceAll("[\\p{Cntrl}\\p{Cf}<>:\"|?*;%$`]", "")
                .replaceAll("\\s+", " ")
                .strip()
                .replaceAll("^[.\\s]+", "");
        if (name.length() > MAX_LENGTH) {
            int dot = name.lastIndexOf('.');
            String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, MAX_LENGTH - extension.length()) + extension;
        }
        return name.isEmpty() ? "attachment" : name;
    }
}
