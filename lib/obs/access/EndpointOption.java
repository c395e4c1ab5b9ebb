package obs.access;

import java.net.URI;
import java.net.URISyntaxException;
import obs.stack.Stack;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** An {@code --endpoint NAME=URL} override: reach component NAME at URL instead of through the cluster. */
public record EndpointOption(String component, URI url) {
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
            if (Stack.find(name).isEmpty()) {
                throw new TypeConversionException("unknown component '" + name + "' (known: " + Stack.names() + ")");
            }
            try {
                return new EndpointOption(name, httpUrl(value.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
