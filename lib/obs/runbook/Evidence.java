package obs.runbook;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import obs.core.ObsException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * The evidence bundle of a runbook run: a folder, or a .tar.gz when the name ends so. It is written whole under a
 * temporary name beside the target and then renamed, so a bundle that exists is complete; an existing target is
 * never overwritten.
 */
public final class Evidence {
    private final Path target;
    /** File name in the bundle to content, with what each holds (for the summary's list). */
    private final Map<String, String> files = new LinkedHashMap<>();
    private final Map<String, String> descriptions = new LinkedHashMap<>();

    /** Checks the target before anything runs: a bad one is a usage error naming it. */
    public Evidence(Path target) {
        this.target = target.toAbsolutePath().normalize();
        if (Files.exists(this.target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw ObsException.usage("--evidence " + target + ": already exists; give a new folder or .tar.gz file");
        }
        if (!Files.isDirectory(this.target.getParent())) {
            throw ObsException.usage("--evidence " + target + ": the folder " + this.target.getParent() + " does not exist");
        }
    }

    public boolean archive() {
        return target.getFileName().toString().endsWith(".tar.gz");
    }

    public Path target() {
        return target;
    }

    /** Adds a file (path inside the bundle, with '/'), and what it holds. */
    public void add(String name, String content, String description) {
        files.put(name, content);
        descriptions.put(name, description);
    }

    /** The ordered list of files with their descriptions, for summary.md. */
    public Map<String, String> listing() {
        return new LinkedHashMap<>(descriptions);
    }

    /** Writes the bundle with {@code summary} as summary.md; a failure leaves nothing behind and is exit 1. */
    public void write(String summary) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("summary.md", summary);
        all.putAll(files);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            if (archive()) {
                try (OutputStream out = Files.newOutputStream(tmp);
                     TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
                    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    for (var f : all.entrySet()) {
                        byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
                        TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
                        entry.setSize(bytes.length);
                        tar.putArchiveEntry(entry);
                        tar.write(bytes);
                        tar.closeArchiveEntry();
                    }
                }
            } else {
                for (var f : all.entrySet()) {
                    Path file = tmp.resolve(f.getKey());
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, f.getValue());
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            delete(tmp);
            throw ObsException.problem("cannot write the evidence " + target + ": " + e.getMessage());
        }
    }

    private static void delete(Path path) {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Nothing was there, or what is left is a hidden temporary name that no reader takes for a bundle.
        }
    }
}
