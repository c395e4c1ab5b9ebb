package obs.exec;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The JVM obs runs on, for starting obs code as a process of its own (the sandbox's mtr-analyzer, tests) with the
 * same java, options and class path. The options are written once, as //JAVA_OPTIONS in lib/obs/Deps.java, which
 * JBang passes on; the Maven build and the image repeat them and DepsDriftTest keeps them equal.
 */
public final class ThisJvm {
    /** The option families obs's libraries need on the JVM (fabric8's Jackson and Netty use sun.misc.Unsafe). */
    private static final List<String> NEEDED = List.of("--sun-misc-unsafe-memory-access=");

    private ThisJvm() {
    }

    /** The java executable of this JVM. */
    public static Path java() {
        return ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** The options obs needs that this JVM was started with. */
    public static List<String> options() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> NEEDED.stream().anyMatch(a::startsWith)).toList();
    }

    /** The class path with each entry made absolute: the new process may run in another folder. */
    public static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
    }

    /** The options and the class path: what goes between java and a main class. */
    public static List<String> arguments() {
        List<String> args = new ArrayList<>(options());
        args.add("-cp");
        args.add(classPath());
        return args;
    }
}
