import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The launcher's fast path keeps a copy of every class path jar whose classes predate Java 6 (picocli is compiled
 * for Java 5), rewritten as Java 8 class files with stack maps. JDK 25's AOT cache cannot store a pre-Java-6 class
 * once it has been linked (the old verifier records no constraints to check later), so without the copy every
 * command loads and verifies picocli's ~170 classes from the jar on each start. Nothing else changes: the bytecode
 * is the same, only the class file version and the stack maps the newer verifier needs, which the JDK's class-file
 * API computes and then verifies. A jar whose rewrite does not verify is left as it is.
 *
 * <p>Run by the launcher in source-file mode on JDK 25 or later (the class-file API is newer than the Java 21 that
 * lib/ is written for): {@code java bin/OldBytecode.java CACHE_DIR CLASSPATH} prints the class path to use, with
 * upgraded copies (kept in CACHE_DIR, named for the original's size and time) in place of the old jars.
 */
final class OldBytecode {
    /** Java 6: the first class file version with stack maps, which the AOT cache can store after linking. */
    private static final int JAVA_6 = 50;
    /** Java 8: needs stack maps, and every JDK that runs obs accepts it. */
    private static final int TARGET = 52;

    private OldBytecode() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: OldBytecode CACHE_DIR CLASSPATH");
            System.exit(2);
        }
        Path cache = Path.of(args[0]);
        List<String> out = new ArrayList<>();
        for (String entry : args[1].split(":", -1)) {
            Path jar = Path.of(entry);
            out.add(entry.endsWith(".jar") && Files.isRegularFile(jar) && hasOldClasses(jar) ? upgraded(jar, cache).toString() : entry);
        }
        System.out.println(String.join(":", out));
    }

    /** Whether any class of the jar (multi-release versions aside) predates Java 6. */
    static boolean hasOldClasses(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (isClass(entry)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        byte[] head = in.readNBytes(8);
                        if (head.length == 8 && ((head[6] & 0xff) << 8 | head[7] & 0xff) < JAVA_6) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** The upgraded copy of the jar in the cache folder, written first if missing; the jar itself if it fails. */
    static Path upgraded(Path jar, Path cache) throws IOException {
        String name = jar.getFileName().toString();
        Path copy = cache.resolve(name.substring(0, name.length() - ".jar".length()) + "-" + Files.size(jar) + "-"
                + Files.getLastModifiedTime(jar).toMillis() + ".java" + TARGET + ".jar");
        if (Files.isRegularFile(copy)) {
            return copy;
        }
        Files.createDirectories(cache);
        Path tmp = Files.createTempFile(cache, name, ".tmp");
        try {
            if (!write(jar, tmp)) {
                return jar;
            }
            // Two launchers may write the same copy at once: each writes its own temporary file and the rename is atomic.
            Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes the upgraded jar; false when a rewritten class does not verify. */
    private static boolean write(Path jar, Path target) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             ZipFile zip = new ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            // Stack maps merge types at branches, so the class-file API must see the jar's own class hierarchy.
            ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS, ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.ofResourceParsing(loader).orElse(ClassHierarchyResolver.defaultResolver())));
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (isClass(entry)) {
                    ClassModel model = cf.parse(bytes);
                    if (model.majorVersion() < JAVA_6) {
                        bytes = upgrade(cf, model);
                        if (!cf.verify(bytes).isEmpty()) {
                            return false;
                        }
                    }
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
            return true;
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The class-file API reports bytecode it cannot rewrite (for example jsr/ret) this way.
            return false;
        }
    }

    /** The class as a Java 8 class file: every method body rebuilt, so that its stack maps are generated. */
    private static byte[] upgrade(ClassFile cf, ClassModel model) {
        return cf.build(model.thisClass().asSymbol(), builder -> {
            builder.withVersion(TARGET, 0);
            for (ClassElement element : model) {
                if (element instanceof MethodModel method) {
                    builder.transformMethod(method, MethodTransform.transformingCode(CodeTransform.ACCEPT_ALL));
                } else if (!(element instanceof ClassFileVersion)) {
                    builder.with(element);
                }
            }
        });
    }

    private static boolean isClass(ZipEntry entry) {
        return !entry.isDirectory() && entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/");
    }
}
