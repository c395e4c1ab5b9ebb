package obs.runbook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import obs.exec.ThisJvm;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A checkout of its own for runbook tests: the real catalog, checks and manifests, fixture pages, and a bin folder of fake
 * programs that record every invocation. The runbook command runs as a process of its own (OBS_HOME and PATH are
 * how a user steers it), so the fakes are found exactly as the real programs would be.
 */
final class RunbookFixture {
    static final Path REAL = Path.of("").toAbsolutePath();
    final Path root;
    final Path bin;
    final Path calls;

    RunbookFixture(Path dir) throws IOException {
        root = Files.createDirectories(dir.resolve("checkout"));
        bin = Files.createDirectories(dir.resolve("bin"));
        calls = dir.resolve("calls.log");
        Files.copy(REAL.resolve("jbang-catalog.json"), root.resolve("jbang-catalog.json"));
        Files.createDirectories(root.resolve("checks"));
        try (Stream<Path> checks = Files.list(REAL.resolve("checks"))) {
            for (Path f : checks.toList()) {
                Files.copy(f, root.resolve("checks").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.createDirectories(root.resolve("runbooks/alerts"));
        Files.createSymbolicLink(root.resolve("manifests"), REAL.resolve("manifests"));
    }

    /** Writes a page at {@code path} (relative to the checkout). */
    void page(String path, String markdown) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown);
    }

    /**
     * A fake program on the fixture's PATH: appends "NAME ARGS" to calls.log, then runs {@code body} (sh). Every
     * fake records before it does anything, so calls.log lists every invocation there was.
     */
    void fake(String name, String body) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/sh\necho \"" + name + " $*\" >> '" + calls + "'\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The invocations the fakes recorded. */
    List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code runbook ARGS} as a process with OBS_HOME at the fixture and its fakes first on the PATH. */
    Run runbook(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ThisJvm.java().toString()));
        cmd.addAll(ThisJvm.arguments());
        cmd.add("Runbook");
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(bin.getParent(), "out", ".txt");
        Path err = Files.createTempFile(bin.getParent(), "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("OBS_HOME", root.toString());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().remove("KUBECONFIG");
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("runbook did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** A bundle's files and contents, from a folder or a .tar.gz. */
    static Map<String, String> bundle(Path target) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (Files.isDirectory(target)) {
            try (Stream<Path> walk = Files.walk(target)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    files.put(target.relativize(f).toString(), Files.readString(f));
                }
            }
            return files;
        }
        try (InputStream in = Files.newInputStream(target); TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                files.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** The files summary.md lists under "## Files". */
    static TreeSet<String> listed(String summary) {
        TreeSet<String> out = new TreeSet<>();
        String files = summary.substring(summary.indexOf("## Files"));
        Matcher m = Pattern.compile("(?m)^- `([^`]+)`: ").matcher(files);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
