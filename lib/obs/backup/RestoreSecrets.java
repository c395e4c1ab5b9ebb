package obs.backup;

import java.io.Console;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import obs.core.InputFile;
import obs.core.Json;
import obs.core.ObsException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The secrets a backup never holds in clear, for restore: datasource secure fields and contact point secrets, from
 * {@code --secrets FILE} ({@code {"datasources": {"UID": {"FIELD": "VALUE"}}, "contactPoints": {"UID": {...}}}}),
 * else asked for on the terminal without echo. All of them are gathered before anything is changed.
 */
final class RestoreSecrets {
    private final JsonNode file;
    private final boolean ask;
    private final List<String> missing = new ArrayList<>();
    /** Contact point settings by uid from the set's secrets.pgp, when it was opened with the user's key. */
    private JsonNode sealedPoints = Json.mapper().createObjectNode();

    private RestoreSecrets(JsonNode file, boolean ask) {
        this.file = file;
        this.ask = ask;
    }

    /** Takes contact point secrets from the set's decrypted secrets.pgp (its contact-points export). */
    RestoreSecrets withSealed(JsonNode sealed) {
        var byUid = Json.mapper().createObjectNode();
        for (JsonNode point : sealed.path(Backup.SECRETS_CONTACT_POINTS).path("contactPoints")) {
            for (JsonNode receiver : point.path("receivers")) {
                byUid.set(receiver.path("uid").asString(""), receiver.path("settings"));
            }
        }
        sealedPoints = byUid;
        return this;
    }

    static RestoreSecrets from(Path path, boolean interactive) {
        if (path == null) {
            return new RestoreSecrets(Json.mapper().createObjectNode(), interactive);
        }
        try {
            JsonNode root = Json.mapper().readTree(InputFile.readBytes(path));
            if (!root.isObject()) {
                throw ObsException.usage("--secrets " + path + ": expected a JSON object with datasources and contactPoints");
            }
            return new RestoreSecrets(root, interactive);
        } catch (NoSuchFileException e) {
            throw ObsException.usage("--secrets " + path + ": no such file");
        } catch (IOException e) {
            throw ObsException.usage("--secrets " + path + ": " + BackupFailure.reason(e));
        } catch (JacksonException e) {
            throw ObsException.usage("--secrets " + path + ": not JSON: " + e.getOriginalMessage());
        }
    }

    /** The value of {@code field} of {@code kind} ("datasources", "contactPoints") {@code uid}, or null (recorded as missing). */
    String get(String kind, String uid, String field) {
        JsonNode v = file.path(kind).path(uid).path(field);
        if (v.isString()) {
            return v.asString();
        }
        JsonNode sealed = kind.equals("contactPoints") ? sealedPoints.path(uid).path(field) : null;
        if (sealed != null && sealed.isString() && !"[REDACTED]".equals(sealed.asString())) {
            return sealed.asString();
        }
        Console terminal = System.console();
        if (ask && terminal != null) {
            char[] typed = terminal.readPassword("%s %s: %s (not echoed): ", kind.equals("datasources") ? "datasource" : "contact point", uid, field);
            if (typed != null && typed.length > 0) {
                return new String(typed);
            }
        }
        missing.add(kind + "." + uid + "." + field);
        return null;
    }

    /** Fails, before any change, when a secret was neither in the file nor typed. */
    void requireAll() {
        if (!missing.isEmpty()) {
            throw ObsException.usage("secrets the set does not hold are needed: " + String.join(", ", missing)
                    + " (give them with --secrets FILE, e.g. {\"datasources\": {\"UID\": {\"FIELD\": \"VALUE\"}}})");
        }
    }

    /** The secrets neither in the file nor typed, as kind.uid.field. */
    List<String> missing() {
        return List.copyOf(missing);
    }
}
