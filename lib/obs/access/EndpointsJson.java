package obs.access;

import java.util.Map;
import java.util.TreeMap;
import obs.core.JsonTree;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;

/**
 * Reads the endpoints file with Jackson's streaming parser. Every command that reaches the sandbox reads this
 * file first, and binding it with the mapper cost check-services about 50 ms of start-up (the mapper's set-up and
 * the record introspection; see {@link JsonTree}). Like the mapper's binding, an unknown key is an error, and every
 * error carries the line and column of the token at fault.
 */
final class EndpointsJson {
    private EndpointsJson() {
    }

    /** @throws StreamReadException when the text is not JSON or not an endpoints file */
    static EndpointsFile parse(String text) {
        try (JsonParser p = JsonTree.parser(text)) {
            expect(p, p.nextToken(), JsonToken.START_OBJECT, "an object");
            int version = 0;
            Map<String, EndpointsFile.Entry> components = new TreeMap<>();
            for (String key = p.nextName(); key != null; key = p.nextName()) {
                TokenStreamLocation at = p.currentTokenLocation();
                JsonToken t = p.nextToken();
                switch (key) {
                    case "version" -> {
                        expect(p, t, JsonToken.VALUE_NUMBER_INT, "an integer");
                        version = p.getIntValue();
                    }
                    case "components" -> components(p, t, components);
                    default -> throw unknown(p, key, at);
                }
            }
            if (p.nextToken() != null) {
                throw new StreamReadException(p, "trailing content after the JSON object", p.currentTokenLocation());
            }
            return new EndpointsFile(version, components);
        }
    }

    private static void components(JsonParser p, JsonToken t, Map<String, EndpointsFile.Entry> into) {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expect(p, t, JsonToken.START_OBJECT, "an object of components");
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            into.put(name, entry(p, p.nextToken()));
        }
    }

    private static EndpointsFile.Entry entry(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.START_OBJECT, "an object");
        String url = null, binary = null, dataDir = null, log = null, failure = null, startedAt = null;
        Long pid = null, startTicks = null;
        for (String key = p.nextName(); key != null; key = p.nextName()) {
            TokenStreamLocation at = p.currentTokenLocation();
            JsonToken v = p.nextToken();
            switch (key) {
                case "url" -> url = string(p, v);
                case "pid" -> pid = number(p, v);
                case "startTicks" -> startTicks = number(p, v);
                case "binary" -> binary = string(p, v);
                case "dataDir" -> dataDir = string(p, v);
                case "log" -> log = string(p, v);
                case "failure" -> failure = string(p, v);
                case "startedAt" -> startedAt = string(p, v);
                default -> throw unknown(p, key, at);
            }
        }
        return new EndpointsFile.Entry(url, pid, startTicks, binary, dataDir, log, failure, startedAt);
    }

    private static String string(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.VALUE_STRING, "a string");
        return p.getString();
    }

    private static Long number(JsonParser p, JsonToken t) {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p, t, JsonToken.VALUE_NUMBER_INT, "an integer");
        return p.getLongValue();
    }

    private static void expect(JsonParser p, JsonToken actual, JsonToken wanted, String what) {
        if (actual != wanted) {
            String where = p.currentName() == null ? "the file" : "'" + p.currentName() + "'";
            throw new StreamReadException(p, where + " must be " + what, p.currentTokenLocation());
        }
    }

    private static StreamReadException unknown(JsonParser p, String key, TokenStreamLocation at) {
        return new StreamReadException(p, "unknown property '" + key + "'", at);
    }
}
