package com.carerelay.audit.checkpoint;

import com.carerelay.audit.log.CheckpointSigner;
import com.carerelay.audit.log.ExportedCheckpoints;
import java.util.UUID;

/**
 * Where signed checkpoints are exported: somewhere outside the service's database, so whoever can
 * rewrite the database (its owner, a superuser) cannot rewrite them too. Append-only: a checkpoint once
 * written is never changed or removed by the service.
 */
public interface CheckpointSink {

    /** Appends one checkpoint durably; returns only once it is stored. */
    void write(CheckpointSigner.Checkpoint checkpoint);

    /** Every checkpoint exported for the practice, in the order written. */
    ExportedCheckpoints read(UUID practiceId);
}
