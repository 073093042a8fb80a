package com.carerelay.messaging.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An attachment's bytes in PostgreSQL as numbered chunks ({@code attachment_chunk}), so neither an
 * upload nor a download ever holds more than one chunk of a file in the heap.
 */
@Component
public class AttachmentStore {

    static final int CHUNK = 1024 * 1024;

    private final JdbcTemplate jdbc;

    AttachmentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Copies the file in chunks (call inside the transaction that inserts the attachment row). */
    void write(UUID attachmentId, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            int seq = 0;
            for (byte[] chunk; (chunk = in.readNBytes(CHUNK)).length > 0; ) {
                jdbc.update("insert into attachment_chunk (attachment_id, seq, data) values (?, ?, ?)",
                        attachmentId, seq++, chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The bytes, read one chunk at a time as the stream is consumed. The first chunk is read now, so a
     * database outage answers 503 before any header was sent.
     */
    public InputStream open(UUID attachmentId) {
        return new ChunkStream(attachmentId);
    }

    private byte[] chunk(UUID attachmentId, int seq) {
        List<byte[]> found = jdbc.query("select data from attachment_chunk where attachment_id = ? and seq = ?",
                (row, i) -> row.getBytes(1), attachmentId, seq);
        return found.isEmpty() ? null : found.get(0);
    }

    private final class ChunkStream extends InputStream {
        private final UUID attachmentId;
        private int seq;
        private byte[] current;
        private int position;

        ChunkStream(UUID attachmentId) {
            this.attachmentId = attachmentId;
            this.current = chunk(attachmentId, seq++);
        }

        private boolean available(int wanted) {
            while (current != null && position >= current.length) {
                current = chunk(attachmentId, seq++);
                position = 0;
            }
            return current != null && wanted >= 0;
        }

        @Override
        public int read() {
            return available(1) ? current[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (!available(length)) {
                return -1;
            }
            int count = Math.min(length, current.length - position);
            System.arraycopy(current, position, buffer, offset, count);
            position += count;
            return count;
        }
    }
}
