package obs.access;

import java.net.URI;
import java.net.URISyntaxException;
import obs.stack.Stack;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An {@code --endpoint NAME=URL} override: reach component NAME at URL instead of through the cluster.
 * {@code NAME:PORT=URL} overrides one named port other than the first (tempo:otlp-http).
 */
public record EndpointOption(String component, URI url) {
    /** The component an override key names: the part before {@code :PORT}. */
    public static String componentOf(String key) {
        int colon = key.indexOf(':');
        return colon < 0 ? key : key.substring(0, colon);
    }

    /** Parses a component's base URL: http or https with a host; the message of the exception says what is wrong. */
    public static URI httpUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("'" + url + "' is not an http(s) URL with a host");
        }
        return url;
    }

    /** picocli converter with a message that shows the expected form. */
    public static final class Converter implements ITypeConverter<EndpointOption> {
        @Override
        public EndpointOption convert(String value) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                throw new TypeConversionException("'" + value + "' is not NAME=URL (e.g. prometheus=http://127.0.0.1:9090)");
            }
            String name = value.substring(0, eq);
            var component = Stack.find(componentOf(name));
            if (component.isEmpty()) {
                throw new TypeConversionException("unknown component '" + componentOf(name) + "' (known: " + Stack.names() + ")");
            }
            String port = name.contains(":") ? name.substring(name.indexOf(':') + 1) : null;
            if (port != null && component.get().ports().stream().noneMatch(p -> p.name().equals(port))) {
                throw new TypeConversionException("component '" + component.get().name() + "' has no port '" + port + "' (ports: "
                        + component.get().ports().stream().map(obs.stack.Component.Port::name).toList() + ")");
            }
            try {
                return new EndpointOption(name, httpUrl(value.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
