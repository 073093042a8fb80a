package com.carerelay.messaging.attachment;

import com.carerelay.platform.web.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * What a staged upload is stored as, or why it is refused (415 problem+json naming the reason):
 * executables, scripts (by their bytes, or text uploaded under a script's name, or text that starts
 * like one) and Office documents with macros are refused by default; anything else must be on the
 * allow-list ({@code carerelay.attachments.allowed-types}).
 */
final class ContentRules {

    static final Set<String> EXECUTABLES = Set.of("application/x-msdownload", "application/x-dosexec",
            "application/x-executable", "application/x-elf", "application/x-sharedlib", "application/x-mach-o-executable",
            "application/x-msi", "application/java-archive", "application/java-vm", "application/x-ms-shortcut",
            "application/vnd.android.package-archive", "application/x-ms-installer");
    static final Set<String> SCRIPTS = Set.of("application/x-sh", "application/x-csh", "application/x-bat",
            "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript", "text/x-vbscript",
            "text/vbscript", "text/x-python", "text/x-perl", "application/x-perl", "text/x-php", "application/x-httpd-php",
            "text/x-ruby", "application/x-powershell", "application/hta", "text/html", "application/xhtml+xml",
            "image/svg+xml", "application/x-shockwave-flash");

    /** Every zip and every OLE2 compound file is opened, whatever Tika named it (its magic may already say msword). */
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] OLE_MAGIC = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};

    private final AttachmentProperties properties;

    ContentRules(AttachmentProperties properties) {
        this.properties = properties;
    }

    /** The media type to store the upload as; throws 415 naming why it is refused. */
    String decide(StagedUpload upload, String fileName) {
        String type = upload.detectedType();
        boolean macros = false;
        try {
            if (startsWith(upload.head(), ZIP_MAGIC)) {
                OfficeDocuments.Inspected document = OfficeDocuments.ooxml(upload.path(), type);
                type = document.mediaType();
                macros = document.macros();
            } else if (startsWith(upload.head(), OLE_MAGIC)) {
                OfficeDocuments.Inspected document = OfficeDocuments.ole(upload.path(), type);
                type = document.mediaType();
                macros = document.macros();
            }
        } catch (IOException damaged) {
            throw refused("file: this Office document is damaged or not what it claims to be (" + type
                    + "), so it was not accepted.");
        }
        if (type.startsWith("text/")) {
            type = text(upload, fileName, type);
        }
        if (!properties.allowedTypes().contains(type)) {
            if (EXECUTABLES.contains(type)) {
                throw refused("file: executable programs (" + type + ") are not accepted.");
            }
            if (SCRIPTS.contains(type)) {
                throw refused("file: scripts (" + type + ") are not accepted: a script runs code when it is opened.");
            }
            if (type.contains("macroenabled")) {
                throw macros(type);
            }
            throw refused("file: content of type " + type
                    + " is not allowed; send PDF, images, plain text, CSV or Office documents.");
        }
        if (macros && !properties.allowMacroDocuments()) {
            throw macros(type);
        }
        return type;
    }

    /** Text is text unless it is a script: uploaded under a script's name, or starting like one ({@code #!}, {@code <script}). */
    private String text(StagedUpload upload, String fileName, String detected) {
        String claimed = StagedUpload.claimedType(fileName);
        String head = new String(upload.head(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        if (SCRIPTS.contains(claimed) || EXECUTABLES.contains(claimed)) {
            return claimed;
        }
        if (head.startsWith("#!")) {
            return "application/x-sh";
        }
        if (head.contains("<script") || head.contains("<html") || head.contains("javascript:")) {
            return "text/html";
        }
        return detected.equals("text/plain") && properties.allowedTypes().contains(claimed) ? claimed : detected;
    }

    private static boolean startsWith(byte[] head, byte[] magic) {
        return head.length >= magic.length && java.util.Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    private static ApiException macros(String type) {
        return refused("file: Office documents with macros are not accepted (" + type
                + " carries a VBA project or macro sheets); save it without macros (.docx, .xlsx, .pptx) and upload it again.");
    }

    private static ApiException refused(String detail) {
        return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "file", detail);
    }
}
