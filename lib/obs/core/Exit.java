package obs.core;

/** The exit codes every obs command uses, so runbooks and cron jobs can branch on them. */
public enum Exit {
    /** The job ran and everything is fine. */
    OK(0),
    /** The job ran and found a problem (a check failed, a probe failed). */
    PROBLEM(1),
    /** Bad command line or bad input file. */
    USAGE(2),
    /** The cluster or an endpoint could not be reached. */
    UNREACHABLE(3),
    /** A bug or an unexpected state in obs itself. */
    INTERNAL(4);

    public final int code;

    Exit(int code) {
        this.code = code;
    }

    /** The exit-code list printed in every command's help. */
    public static final String[] HELP_LIST = {
        "0:ok", "1:the job ran and found a problem", "2:usage error or bad input",
        "3:cluster or endpoint unreachable", "4:internal error"};
}
