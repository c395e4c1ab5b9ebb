package obs.core;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of obs: indented output, unknown properties rejected when binding to records.
 * Built on first use (a holder class), because building it costs a noticeable part of a command's
 * start-up and many runs never touch JSON. A command that only reads JSON into a tree on its start-up path
 * (check-services) uses {@link JsonTree}, which gives the same tree without building the mapper.
 */
public final class Json {
    private Json() {
    }

    private static final class Holder {
        static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    public static JsonMapper mapper() {
        return Holder.MAPPER;
    }
}
