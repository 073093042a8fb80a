package com.carerelay.audit.log;

import java.util.List;

/**
 * A practice's checkpoints as read back from where they were exported, in the order they were written,
 * and a failure for each record that could not be read as a checkpoint (a damaged export is reported,
 * never skipped silently).
 */
public record ExportedCheckpoints(List<CheckpointSigner.Checkpoint> checkpoints,
                                  List<ChainVerifier.CheckpointFailure> unreadable) {

    public static final ExportedCheckpoints NONE = new ExportedCheckpoints(List.of(), List.of());

    public ExportedCheckpoints {
        checkpoints = List.copyOf(checkpoints);
        unreadable = List.copyOf(unreadable);
    }
}
