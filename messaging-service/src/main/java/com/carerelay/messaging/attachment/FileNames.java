package com.carerelay.messaging.attachment;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

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

    /**
     * The sanitized name ending in the extension of the detected type: a matching extension stays,
     * any other last extension is replaced ({@code invoice.pdf.exe} holding a PDF becomes {@code invoice.pdf},
     * {@code notes.exe} holding text becomes {@code notes.txt}), so a file is never offered as something it is not.
     */
    static String forType(String original, String mediaType) {
        String name = sanitize(original);
        List<String> extensions = extensionsOf(mediaType);
        if (extensions.isEmpty()) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String current = dot > 0 ? name.substring(dot).toLowerCase(Locale.ROOT) : "";
        boolean matches = mediaType.startsWith("text/") ? current.equals(extensions.get(0)) : extensions.contains(current);
        if (matches) {
            return name;
        }
        String base = dot > 0 && name.length() - dot <= 10 ? name.substring(0, dot) : name;
        if (base.toLowerCase(Locale.ROOT).endsWith(extensions.get(0))) {
            return base;
        }
        base = base.length() + extensions.get(0).length() > MAX_LENGTH
                ? base.substring(0, MAX_LENGTH - extensions.get(0).length()) : base;
        return base + extensions.get(0);
    }

    private static List<String> extensionsOf(String mediaType) {
        try {
            return MimeTypes.getDefaultMimeTypes().forName(mediaType).getExtensions().stream()
                    .map(extension -> extension.toLowerCase(Locale.ROOT)).toList();
        } catch (MimeTypeException e) {
            return List.of();
        }
    }
}
