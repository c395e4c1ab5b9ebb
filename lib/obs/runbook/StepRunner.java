package obs.runbook;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import obs.exec.ThisJvm;
import obs.runbook.Step.Tool;
import org.zeroturnaround.exec.ProcessExecutor;

/**
 * Runs read-only steps as processes, each with a deadline: kubectl, curl and wget from the PATH, and obs commands
 * on this JVM's class path when it holds their script classes (the toolkit jar, the test build), else through the
 * checkout's launcher ({@code ./jbang ALIAS}). A process, never a call in this JVM, so a step that hangs is killed at
 * its deadline and its output is never a terminal.
 */
public final class StepRunner {
    /** At most this much of a step's output is kept. */
    static final int MAX_OUTPUT = 1 << 20;

    /** How a step ended. */
    public enum Status {
        PASSED, FAILED, TIMED_OUT, NOT_RUN;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** What a step printed and returned (exit null when it did not finish or did not start). */
    public record Outcome(Status status, Integer exit, String output, long millis) {
    }

    /**
     * Where steps run.
     *
     * @param repo       the checkout (working directory and OBS_HOME of obs steps)
     * @param catalog    the obs aliases
     * @param timeout    each step's deadline
     * @param find       looks up a program (Tools.find; a test puts its fakes first)
     * @param kubectlExtra options added after "kubectl" (--kubeconfig, --context)
     */
    public record Setup(Path repo, Catalog catalog, Duration timeout, Function<String, Optional<Path>> find,
                        List<String> kubectlExtra) {
    }

    private final Setup setup;

    public StepRunner(Setup setup) {
        this.setup = setup;
    }

    /** Runs a step whose stages have been judged read-only; obs arguments are final (state dir, kubeconfig added). */
    public Outcome run(Step.Run step) {
        long start = System.nanoTime();
        long deadline = start + setup.timeout().toNanos();
        byte[] input = null;
        StringBuilder errors = new StringBuilder();
        Integer failed = null;
        for (int i = 0; i < step.stages().size(); i++) {
            List<String> command;
            try {
                command = i == 0 ? first(step) : resolved(step.stages().get(i));
            } catch (IllegalStateException e) {
                return new Outcome(Status.FAILED, null, e.getMessage(), millis(start));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            ProcessExecutor exec = new ProcessExecutor().command(command).directory(setup.repo().toFile())
                    .redirectOutput(out).redirectError(err).exitValueAny().destroyOnExit()
                    .timeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (step.tool() == Tool.OBS && i == 0) {
                exec.environment(Map.of("OBS_HOME", setup.repo().toString(), "NO_COLOR", "1"));
            }
            if (input != null) {
                exec.redirectInput(new ByteArrayInputStream(input));
            }
            int exit;
            try {
                exit = exec.execute().getExitValue();
            } catch (TimeoutException e) {
                return new Outcome(Status.TIMED_OUT, null, text(out.toByteArray()) + text(err.toByteArray())
                        + "\n(killed after " + setup.timeout().toSeconds() + " s)", millis(start));
            } catch (IOException e) {
                return new Outcome(Status.FAILED, null, "could not run " + command.getFirst() + ": " + e.getMessage(), millis(start));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(Status.FAILED, null, "interrupted", millis(start));
            }
            errors.append(text(err.toByteArray()));
            // As with pipefail: a failing kubectl before "| tail" fails the step.
            if (exit != 0 && failed == null) {
                failed = exit;
            }
            input = out.toByteArray();
        }
        String output = text(input) + errors;
        int exit = failed == null ? 0 : failed;
        return new Outcome(exit == 0 ? Status.PASSED : Status.FAILED, exit, output, millis(start));
    }

    /** The first stage as it is executed. */
    private List<String> first(Step.Run step) {
        List<String> words = step.stages().getFirst();
        List<String> command = new ArrayList<>();
        switch (step.tool()) {
            case OBS -> {
                Catalog.Alias alias = setup.catalog().aliases().get(step.alias());
                if (onClassPath(alias.scriptClass())) {
                    command.add(ThisJvm.java().toString());
                    command.addAll(ThisJvm.arguments());
                    command.add(alias.scriptClass());
                    command.addAll(alias.arguments());
                } else {
                    command.add(setup.repo().resolve("jbang").toString());
                    command.add(alias.name());
                }
                command.addAll(step.args());
            }
            case KUBECTL -> {
                command.addAll(resolved(words.subList(0, 1)));
                command.addAll(setup.kubectlExtra());
                command.addAll(words.subList(1, words.size()));
            }
            case HTTP -> command.addAll(resolved(words));
        }
        return command;
    }

    private List<String> resolved(List<String> words) {
        Path program = setup.find().apply(words.getFirst())
                .orElseThrow(() -> new IllegalStateException(words.getFirst() + " is not installed (not on the PATH)"));
        List<String> out = new ArrayList<>(List.of(program.toString()));
        out.addAll(words.subList(1, words.size()));
        return out;
    }

    private static boolean onClassPath(String cls) {
        try {
            Class.forName(cls, false, StepRunner.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String text(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        String s = new String(bytes, 0, Math.min(bytes.length, MAX_OUTPUT), StandardCharsets.UTF_8);
        return bytes.length > MAX_OUTPUT ? s + "\n(output cut at " + (MAX_OUTPUT >> 20) + " MiB)\n" : s;
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
