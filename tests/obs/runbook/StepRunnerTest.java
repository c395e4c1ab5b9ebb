package obs.runbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import obs.exec.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A step's deadline kills it; a pipeline fails when any stage fails (pipefail), and the filter sees the output. */
class StepRunnerTest {
    @TempDir
    Path dir;

    private StepRunner runner(RunbookFixture f, Duration timeout) {
        return new StepRunner(new StepRunner.Setup(f.root, Catalog.load(f.root), timeout,
                name -> Files.isExecutable(f.bin.resolve(name)) ? Optional.of(f.bin.resolve(name)) : Tools.find(name),
                List.of("--context", "lab")));
    }

    @Test
    void aStepPastItsDeadlineIsKilledAndSaysSo() throws Exception {
        RunbookFixture f = new RunbookFixture(dir);
        f.fake("kubectl", "echo started; exec sleep 30");
        long start = System.nanoTime();
        var o = runner(f, Duration.ofSeconds(1)).run((Step.Run) ReadOnly.judge("kubectl get pods", java.util.Set.of()));
        assertEquals(StepRunner.Status.TIMED_OUT, o.status(), o.toString());
        assertTrue(o.output().contains("(killed after 1 s)"), o.output());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "the deadline was kept");
        assertEquals(List.of("kubectl --context lab get pods"), f.calls());
    }

    @Test
    void aPipelineFailsWhenAnyStageFailsAndTheFilterReadsTheOutput() throws Exception {
        RunbookFixture f = new RunbookFixture(dir);
        f.fake("kubectl", "printf 'a\\nb\\nc\\n'; echo 'forbidden' >&2; exit 3");
        var o = runner(f, Duration.ofSeconds(30)).run((Step.Run) ReadOnly.judge("kubectl get pods | tail -1", java.util.Set.of()));
        assertEquals(StepRunner.Status.FAILED, o.status());
        assertEquals(3, o.exit());
        assertEquals("c\nforbidden\n", o.output());
    }

    @Test
    void anObsCommandWhoseScriptIsNotOnTheClassPathRunsThroughTheCheckoutsLauncher() throws Exception {
        RunbookFixture f = new RunbookFixture(dir);
        Path launcher = f.root.resolve("jbang");
        Files.writeString(launcher, "#!/bin/sh\necho \"launcher $* in $(pwd) with OBS_HOME=$OBS_HOME\"\n");
        launcher.toFile().setExecutable(true);
        var catalog = new Catalog(java.util.Map.of("check-services", new Catalog.Alias("check-services", "NotOnThisClassPath", List.of())));
        var runner = new StepRunner(new StepRunner.Setup(f.root, catalog, Duration.ofSeconds(30), Tools::find, List.of()));
        var o = runner.run(new Step.Run("jbang check-services ao", Step.Tool.OBS, List.of(List.of("jbang", "check-services", "ao"))));
        assertEquals(StepRunner.Status.PASSED, o.status(), o.toString());
        assertEquals("launcher check-services ao in " + f.root + " with OBS_HOME=" + f.root + "\n", o.output());
    }
}
