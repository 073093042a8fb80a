package com.carerelay.messaging.attachment;

import com.carerelay.platform.web.ApiException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * An upload copied to a private temporary file as it streams in: never whole in the heap, its SHA-256
 * computed and its type detected from its first bytes (Apache Tika, never from the name or the
 * Content-Type header) on the way, and refused with 413 as soon as it passes the size limit. Closing
 * it deletes the file.
 *
 * @param head the first bytes, for the content rules' look at text
 */
record StagedUpload(Path path, long size, String sha256, String detectedType, byte[] head) implements AutoCloseable {

    static final int HEAD = 8 * 1024;
    private static final int BUFFER = 64 * 1024;
    private static final Tika TIKA = new Tika();

    static StagedUpload stage(InputStream upload, DataSize maxFileSize) throws IOException {
        Path path = Files.createTempFile("carerelay-upload-", ".part");
        try {
            MessageDigest sha256 = newSha256();
            BufferedInputStream in = new BufferedInputStream(new DigestInputStream(upload, sha256), BUFFER);
            String detected = MediaType.parse(TIKA.detect(in)).getBaseType().toString();
            in.mark(HEAD);
            byte[] head = in.readNBytes(HEAD);
            in.reset();
            long size = 0;
            byte[] buffer = new byte[BUFFER];
            try (OutputStream out = Files.newOutputStream(path)) {
                for (int read; (read = in.read(buffer)) != -1; ) {
                    size += read;
                    if (size > maxFileSize.toBytes()) {
                        throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "file",
                                "file: larger than the " + maxFileSize.toMegabytes() + " MB limit.");
                    }
                    out.write(buffer, 0, read);
                }
            }
            if (size == 0) {
                throw ApiException.badField("file", "file: an attachment must not be empty.");
            }
            return new StagedUpload(path, size, HexFormat.of().formatHex(sha256.digest()), detected, head);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** What the uploaded name claims the type is (Tika by name alone); only ever used to refuse. */
    static String claimedType(String fileName) {
        return fileName == null ? "application/octet-stream" : MediaType.parse(TIKA.detect(fileName)).getBaseType().toString();
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
