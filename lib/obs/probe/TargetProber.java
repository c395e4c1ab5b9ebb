package obs.probe;

import obs.http.Deadline;
/** Probes one target before a deadline. Implementations never throw for network trouble: they report it. */
interface TargetProber {
    ProbeResult probe(Target target, Deadline deadline);
}
