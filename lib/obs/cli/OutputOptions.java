package obs.cli;

import picocli.CommandLine.Option;

/** Output options shared by every command. */
public final class OutputOptions {
    /** How results are written to stdout. */
    public enum Format { table, json }

    @Option(names = {"-o", "--output"}, paramLabel = "table|json", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES}.")
    public Format format = Format.table;

    @Option(names = {"-v", "--verbose"}, description = "Say more on stderr (commands run, endpoints used).")
    public boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print only results and errors.")
    public boolean quiet;

    @Option(names = "--no-color", description = "No colours (also when NO_COLOR is set or output is not a terminal).")
    public boolean noColor;

    @Option(names = {"-e", "--errors"}, description = "Print stack traces with errors.")
    public boolean errors;
}
