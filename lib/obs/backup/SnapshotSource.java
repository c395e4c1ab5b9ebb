package obs.backup;

import java.io.IOException;

/** Where a Prometheus snapshot is taken and copied from: a local data folder, or a pod reached by exec. */
interface SnapshotSource {
    /** Asks Prometheus for a snapshot (head included: a head-less one restores with overlapping blocks); its name. */
    String take() throws IOException;

    /** Copies the snapshot's files into {@code sink}. */
    void copy(String name, SnapshotSink sink) throws IOException;

    /** Removes the snapshot from Prometheus' volume, so backups never fill its disk. */
    void delete(String name) throws IOException;

    /** Where the snapshots live, for messages. */
    String describe();
}
