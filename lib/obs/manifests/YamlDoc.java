package obs.manifests;

import java.util.Map;
import obs.core.ObsException;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * A configuration file edited as data. Its text stays byte for byte as shipped (comments included) unless
 * an edit changes a value; only then is the file written anew from the edited tree.
 */
final class YamlDoc {
    private final String source;
    private final String text;
    private final Map<String, Object> pristine;
    private final Map<String, Object> tree;

    private YamlDoc(String source, String text) {
        this.source = source;
        this.text = text;
        this.pristine = load(source, text);
        this.tree = load(source, text);
    }

    static YamlDoc of(String source, String text) {
        return new YamlDoc(source, text);
    }

    /** The root mapping, to edit in place. */
    Map<String, Object> tree() {
        return tree;
    }

    String source() {
        return source;
    }

    /** The file's text after the edits. */
    String text() {
        if (tree.equals(pristine)) {
            return text;
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(new Representer(options), options).dump(tree);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String source, String text) {
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (!(root instanceof Map<?, ?>)) {
                throw ObsException.usage(source + ": expected a YAML mapping at the top");
            }
            return (Map<String, Object>) root;
        } catch (YAMLException e) {
            throw ObsException.usage(source + ": invalid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
