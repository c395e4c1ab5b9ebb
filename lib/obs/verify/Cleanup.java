package obs.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a run must undo (the fire drill's alert, the pushed metric group). Each undo runs once: when its step ends it
 * itself, or when the run ends, or from a shutdown hook when the user presses Ctrl-C, whichever comes first.
 */
public final class Cleanup {
    /** One undo action; it bounds its own I/O. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** A registered undo, run at most once. */
    public static final class Undo {
        private final String what;
        private final Action action;
        private final AtomicBoolean done = new AtomicBoolean();

        private Undo(String what, Action action) {
            this.what = what;
            this.action = action;
        }

        /** Runs it unless it ran already; returns why it failed, or null. */
        public String run() {
            if (!done.compareAndSet(false, true)) {
                return null;
            }
            // An interrupt left by a cancelled step or Ctrl-C must not stop the undo.
            boolean interrupted = Thread.interrupted();
            try {
                action.run();
                return null;
            } catch (Exception e) {
                return what + ": " + (e.getMessage() == null ? "no detail" : e.getMessage().lines().findFirst().orElse(""));
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private final List<Undo> undos = new ArrayList<>();

    public synchronized Undo add(String what, Action action) {
        Undo undo = new Undo(what, action);
        undos.add(undo);
        return undo;
    }

    /** Runs every undo not yet run, newest first; returns what could not be undone. */
    public List<String> runAll() {
        List<Undo> todo;
        synchronized (this) {
            todo = new ArrayList<>(undos);
        }
        List<String> failures = new ArrayList<>();
        for (int i = todo.size() - 1; i >= 0; i--) {
            String failure = todo.get(i).run();
            if (failure != null) {
                failures.add(failure);
            }
        }
        return failures;
    }
}
