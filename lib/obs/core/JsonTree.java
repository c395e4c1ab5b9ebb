package obs.core;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads JSON into Jackson's tree with the streaming parser alone, for the commands whose start-up counts
 * (check-services reads every Prometheus answer this way). Why not {@code Json.mapper().readTree}: building a
 * mapper sets up its default time zone, date format and locale data and pulls in some 600 classes, about a
 * sixth of check-services' run on the sandbox (tests/bench/check-services.sh); the parser and the node classes
 * cost almost nothing. The result is the tree the mapper would build: the last of two equal keys wins, integers
 * keep their size, fractions are doubles, and empty input is the missing node.
 */
public final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree() {
    }

    /** A streaming parser over text, for readers that bind a small document themselves. */
    public static JsonParser parser(String text) {
        return FACTORY.createParser(ObjectReadContext.empty(), text);
    }

    /**
     * The tree of a JSON document.
     *
     * @throws JacksonException when the text is not one JSON value
     */
    public static JsonNode read(String text) {
        try (JsonParser p = parser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return MissingNode.getInstance();
            }
            JsonNode root = value(p, first);
            if (p.nextToken() != null) {
                throw new StreamReadException(p, "trailing content after the JSON value");
            }
            return root;
        }
    }

    /** The value that starts at token t; the parser's nesting limit bounds the recursion. */
    private static JsonNode value(JsonParser p, JsonToken t) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                for (String name = p.nextName(); name != null; name = p.nextName()) {
                    object.set(name, value(p, p.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    array.add(value(p, e));
                }
                yield array;
            }
            case VALUE_STRING -> nodes.stringNode(p.getString());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> nodes.numberNode(p.getIntValue());
                case LONG -> nodes.numberNode(p.getLongValue());
                default -> nodes.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> nodes.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> nodes.booleanNode(true);
            case VALUE_FALSE -> nodes.booleanNode(false);
            case VALUE_NULL -> nodes.nullNode();
            default -> throw new StreamReadException(p, "unexpected " + t);
        };
    }
}
