package com.carerelay.audit.checkpoint;

import com.carerelay.audit.log.ChainVerifier;
import com.carerelay.audit.log.CheckpointSigner;
import com.carerelay.audit.log.ExportedCheckpoints;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checkpoints as JSON lines, one file per practice ({@code <directory>/<practiceId>.jsonl}), one
 * checkpoint per line: {@code practiceId, chainSeq, hash, issuedAt, algorithm, publicKey, signature}.
 * Lines are only ever appended (O_APPEND) and forced to disk before {@link #write} returns. Point the
 * directory at storage the database's owner cannot write (a separate volume, shipped to WORM/object-lock
 * storage); one file per practice keeps verifying a practice's chain to reading that practice's file.
 */
public class FileCheckpointSink implements CheckpointSink {

    private final Path directory;
    private final JsonMapper json;

    public FileCheckpointSink(Path directory, JsonMapper json) {
        this.directory = directory;
        this.json = json;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the checkpoint directory " + directory, e);
        }
    }

    public Path fileOf(UUID practiceId) {
        return directory.resolve(practiceId + ".jsonl");
    }

    @Override
    public synchronized void write(CheckpointSigner.Checkpoint checkpoint) {
        byte[] line = (json.writeValueAsString(checkpoint) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel file = FileChannel.open(fileOf(checkpoint.practiceId()), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                file.write(buffer);
            }
            file.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append a checkpoint to " + fileOf(checkpoint.practiceId()), e);
        }
    }

    @Override
    public ExportedCheckpoints read(UUID practiceId) {
        List<CheckpointSigner.Checkpoint> checkpoints = new ArrayList<>();
        List<ChainVerifier.CheckpointFailure> unreadable = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(fileOf(practiceId), StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    checkpoints.add(json.readValue(line, CheckpointSigner.Checkpoint.class));
                } catch (JacksonException e) {
                    unreadable.add(new ChainVerifier.CheckpointFailure(0, null, null,
                            "line " + number + " of " + fileOf(practiceId).getFileName() + " is not a checkpoint"));
                }
            }
        } catch (NoSuchFileException e) {
            return ExportedCheckpoints.NONE;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoints in " + fileOf(practiceId), e);
        }
        return new ExportedCheckpoints(checkpoints, unreadable);
    }
}
