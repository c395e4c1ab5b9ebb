package obs.probe;

/** Probes one target before a deadline. Implementations never throw for network trouble: they report it. */
interface TargetProber {
    ProbeResult probe(Target target, Deadline deadline);
}
