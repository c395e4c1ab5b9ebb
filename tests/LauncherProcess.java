import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts a launcher (./jbang of some checkout) as a process with its own JBANG_DIR, working folder and environment. */
final class LauncherProcess {
    record Run(int exit, String out, String err) {
    }

    private final Process process;
    private final Path out;
    private final Path err;
    private final String what;

    private LauncherProcess(Process process, Path out, Path err, String what) {
        this.process = process;
        this.out = out;
        this.err = err;
        this.what = what;
    }

    /** {@code command} is the launcher (a path, or a name found on the PATH that {@code env} sets). */
    static LauncherProcess start(Path jbangDir, Path cwd, Map<String, String> env, String command, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("jbang", ".out");
        Path err = Files.createTempFile("jbang", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("JBANG_DIR", jbangDir.toString());
        pb.environment().remove("OBS_HOME");
        pb.environment().remove("OBS_NO_FASTPATH");
        pb.environment().putAll(env);
        return new LauncherProcess(pb.start(), out, err, String.join(" ", cmd));
    }

    Run finish() throws Exception {
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), what + " did not finish");
        Run r = new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    static Run run(Path jbangDir, Path cwd, Map<String, String> env, String command, String... args) throws Exception {
        return start(jbangDir, cwd, env, command, args).finish();
    }

    /**
     * Runs {@code call} with JBang's own jar of {@code home} renamed, so that any run that would start JBang fails:
     * proof that a run took the fast path.
     */
    static <T> T withoutJbang(Path home, java.util.concurrent.Callable<T> call) throws Exception {
        Path jar = home.resolve("cli/0.132.1/jbang-cli-0.132.1.jar");
        Path off = home.resolve("cli/0.132.1/jbang-cli-0.132.1.jar.off");
        Files.move(jar, off);
        try {
            return call.call();
        } finally {
            Files.move(off, jar);
        }
    }

    /** The files the launcher and the scripts need, copied so that a test may edit them. */
    static Path copyCheckout(Path from, Path to) throws IOException {
        for (String name : List.of("jbang", "jbang-catalog.json", "bin", "scripts", "lib", "checks")) {
            Path src = from.resolve(name);
            try (var files = Files.walk(src)) {
                for (Path f : files.toList()) {
                    Path dst = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(dst);
                    } else {
                        Files.createDirectories(dst.getParent());
                        Files.copy(f, dst, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        return to;
    }

    /** Deletes a folder tree that an earlier run of a test left under target/. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
