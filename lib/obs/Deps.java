//DEPS info.picocli:picocli:4.7.7
//DEPS io.fabric8:kubernetes-client:8.0.0
//DEPS org.zeroturnaround:zt-exec:1.12
//DEPS org.yaml:snakeyaml:2.5
//DEPS org.slf4j:slf4j-api:2.0.17
//DEPS org.slf4j:slf4j-nop:2.0.17
//DEPS dnsjava:dnsjava:3.6.3
//DEPS io.prometheus:prometheus-metrics-core:1.10.0
//DEPS io.prometheus:prometheus-metrics-exposition-textformats:1.10.0
//DEPS org.apache.commons:commons-compress:1.28.0
//DEPS org.bouncycastle:bcpg-jdk18on:1.87
//DEPS io.airlift:aircompressor:2.0.3
//JAVA_OPTIONS --sun-misc-unsafe-memory-access=allow
package obs;

/**
 * The one place where third-party versions are declared for the JBang scripts: every script pulls this
 * file in through {@code //SOURCES ../lib/**.java}. pom.xml repeats them; DepsDriftTest keeps both equal.
 * picocli comes first, so it is first on the class path: its classes are Java 5 bytecode, which the JDK's
 * ahead-of-time cache cannot hold, so every command loads them from the jar, and each class is looked up in the
 * jars before it.
 */
final class Deps {
    private Deps() {
    }
}
