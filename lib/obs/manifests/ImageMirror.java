package obs.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.stream.Stream;
import obs.core.ObsException;
import obs.kube.Workloads;

/**
 * Image references for air-gapped clusters: {@code --registry MIRROR} replaces each image's registry host
 * with the mirror and keeps the repository path and tag, so quay.io/prometheus/prometheus:v3.14.0 becomes
 * MIRROR/prometheus/prometheus:v3.14.0 (the layout {@code skopeo sync} and {@code crane copy} produce).
 */
public final class ImageMirror {
    private ImageMirror() {
    }

    /** Checks a mirror given as host[:port][/path]. */
    public static String check(String registry) {
        String r = registry.endsWith("/") ? registry.substring(0, registry.length() - 1) : registry;
        if (r.isEmpty() || r.contains("://") || r.contains("@") || r.chars().anyMatch(Character::isWhitespace)) {
            throw ObsException.usage("--registry " + registry + ": expected HOST[:PORT][/PATH], e.g. registry.lab.local:5000/obs");
        }
        return r;
    }

    /** The image as pulled from the mirror. */
    public static String mirror(String image, String registry) {
        return registry + "/" + repository(image);
    }

    /** The image without its registry host; Docker Hub short names get their implicit library/ prefix. */
    static String repository(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "library/" + image;
        }
        String first = image.substring(0, slash);
        boolean isHost = first.contains(".") || first.contains(":") || first.equals("localhost");
        return isHost ? image.substring(slash + 1) : image;
    }

    static void apply(HasMetadata o, String registry) {
        containers(o).forEach(c -> c.setImage(mirror(c.getImage(), registry)));
    }

    static Stream<Container> containers(HasMetadata o) {
        return Workloads.template(o).map(t -> Stream.concat(t.getSpec().getInitContainers().stream(),
                t.getSpec().getContainers().stream())).orElse(Stream.of());
    }

    static List<String> images(HasMetadata o) {
        return containers(o).map(Container::getImage).toList();
    }
}
