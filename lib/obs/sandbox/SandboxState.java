package obs.sandbox;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import obs.access.EndpointsFile;
import obs.access.EndpointsFile.Entry;
import obs.cli.Console;
import obs.core.Json;
import obs.core.ObsException;

/**
 * The endpoints file while a sandbox command changes it. The command holds an exclusive lock on
 * DIR/.lock throughout, so a second {@code sandbox up} on the same folder waits and then finds the first
 * one's servers running instead of starting them again; and the file is rewritten after every change, so
 * that a server is on record from the moment it exists, whenever the command is interrupted.
 */
final class SandboxState implements AutoCloseable {
    static final String LOCK = ".lock";
    /** Longer than any {@code up} takes, package installation included. */
    static final Duration WAIT = Duration.ofMinutes(15);

    private final Path stateDir;
    private final FileChannel channel;
    private final FileLock lock;
    private final Console console;
    private Thread onInterrupt;
    private EndpointsFile current;
    private boolean interrupted;

    private SandboxState(Path stateDir, FileChannel channel, FileLock lock, Console console) {
        this.stateDir = stateDir;
        this.channel = channel;
        this.lock = lock;
        this.console = console;
        Path file = EndpointsFile.in(stateDir);
        this.current = Files.exists(file) ? EndpointsFile.read(file) : EndpointsFile.empty();
    }

    /** Takes the state folder's lock, creating the folder, and waits while another obs command holds it. */
    static SandboxState lock(Path stateDir, Console console) {
        Path lockFile = stateDir.resolve(LOCK);
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean told = false;
        while (true) {
            StateFiles.createDirectories(stateDir);
            FileChannel channel;
            Object opened;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                opened = fileKey(lockFile);
            } catch (NoSuchFileException purgedMeanwhile) {
                continue;
            } catch (IOException e) {
                throw StateFiles.cannotWrite(lockFile, e);
            }
            FileLock lock = tryLock(channel, lockFile);
            // A 'down --purge' deletes the lock file it holds: a lock on that deleted file guards nothing.
            if (lock != null && Objects.equals(opened, fileKey(lockFile))) {
                return new SandboxState(stateDir, channel, lock, console);
            }
            close(channel);
            if (System.nanoTime() > deadline) {
                throw ObsException.problem(stateDir + " is still in use by another obs sandbox command after "
                        + WAIT.toMinutes() + " min; try again when it has finished");
            }
            if (!told) {
                console.info("another obs sandbox command is using " + stateDir + "; waiting for it to finish");
                told = true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ObsException.problem("interrupted while waiting for " + lockFile);
            }
        }
    }

    private static FileLock tryLock(FileChannel channel, Path lockFile) {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            return null;
        } catch (IOException e) {
            close(channel);
            throw StateFiles.cannotWrite(lockFile, e);
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException gone) {
            return null;
        }
    }

    synchronized EndpointsFile current() {
        return current;
    }

    /** Records one component and writes the file at once. */
    synchronized void record(String component, Entry entry) {
        replace(current.with(component, entry));
    }

    /** Writes {@code next} in place of the file's components (an empty one removes the file). */
    synchronized void replace(EndpointsFile next) {
        Path file = EndpointsFile.in(stateDir);
        if (next.components().isEmpty()) {
            StateFiles.delete(file);
        } else {
            StateFiles.write(file, Json.mapper().writeValueAsString(next) + "\n");
        }
        current = next;
    }

    /**
     * Starts a server and records it before anything else can happen: under this object's monitor, which
     * the Ctrl-C hook takes too. When the record cannot be written, the server is stopped again, so that
     * nothing runs that {@code sandbox down} does not know about.
     *
     * @param planned the entry without its process (URL, binary, folders)
     */
    synchronized Process start(String component, Entry planned, List<String> args, Path workDir) throws IOException {
        if (interrupted) {
            throw new InterruptedIOException("interrupted before " + component + " started");
        }
        guardInterrupt();
        Process process = LocalProcess.start(Path.of(planned.binary()), args, workDir, Path.of(planned.log()));
        Long ticks = ProcessIdentity.startTicks(process.pid()).stream().boxed().findFirst().orElse(null);
        try {
            record(component, new Entry(planned.url(), process.pid(), ticks, planned.binary(), planned.dataDir(),
                    planned.log(), null, null));
        } catch (ObsException e) {
            LocalProcess.stop(process.toHandle(), Duration.ofSeconds(5));
            throw e;
        }
        return process;
    }

    /**
     * Ctrl-C runs the JVM's shutdown hooks while the other threads go on: this one waits until a server
     * being started is on record, lets no other start after it, and says what is left running.
     */
    private void guardInterrupt() {
        if (onInterrupt != null) {
            return;
        }
        onInterrupt = new Thread(() -> {
            synchronized (this) {
                interrupted = true;
            }
            console.warn("interrupted: the servers started so far keep running and are recorded in "
                    + EndpointsFile.in(stateDir) + "; 'sandbox down' stops them");
        });
        Runtime.getRuntime().addShutdownHook(onInterrupt);
    }

    /** The components recorded, by name. */
    Map<String, Entry> components() {
        return current().components();
    }

    @Override
    public void close() {
        try {
            if (onInterrupt != null) {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            }
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run; the lock goes with the process.
        }
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing was written through it; the lock goes with the channel.
        }
    }
}
