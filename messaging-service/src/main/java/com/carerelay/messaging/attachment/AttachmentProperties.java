package com.carerelay.messaging.attachment;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code carerelay.attachments.*}: how big an upload and a message's attachments may be, the per-user
 * quota of unsent uploads, how long an unsent upload is kept, which detected types are accepted and
 * the malware scanner.
 *
 * @param maxFileSize          one file, enforced while the upload streams in (413)
 * @param maxMessageSize       all attachments of one message (413)
 * @param quota                what one person may hold uploaded but not yet sent (429)
 * @param unsentTtl            an upload not sent within this long is deleted (rows and bytes)
 * @param allowedTypes         the allow-list of detected media types; scripts and executables are not on it by default
 * @param allowMacroDocuments  Office documents carrying macros (docm, xlsm, pptm, OLE with a VBA project); off by default
 * @param clamav               the clamd scanner; {@code required} outside the local profile and tests
 */
@ConfigurationProperties("carerelay.attachments")
public record AttachmentProperties(@DefaultValue("25MB") DataSize maxFileSize,
                                   @DefaultValue("50MB") DataSize maxMessageSize,
                                   @DefaultValue Quota quota,
                                   @DefaultValue("24h") Duration unsentTtl,
                                   List<String> allowedTypes,
                                   boolean allowMacroDocuments,
                                   @DefaultValue Clamav clamav) {

    static final List<String> DEFAULT_ALLOWED_TYPES = List.of(
            "application/pdf",
            "image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff", "image/heic",
            "text/plain", "text/csv",
            "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation");

    public AttachmentProperties {
        allowedTypes = allowedTypes == null || allowedTypes.isEmpty() ? DEFAULT_ALLOWED_TYPES
                : allowedTypes.stream().map(type -> type.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    /** Per uploader: at most this many unsent uploads, adding up to at most this many bytes. */
    public record Quota(@DefaultValue("20") int maxUnsentFiles, @DefaultValue("100MB") DataSize maxUnsentSize) {
    }

    /** clamd's INSTREAM: {@code host} empty means no scan, which only {@code required=false} allows. */
    public record Clamav(String host, @DefaultValue("3310") int port, @DefaultValue("30s") Duration timeout,
                         @DefaultValue("true") boolean required) {

        public boolean enabled() {
            return host != null && !host.isBlank();
        }
    }
}
