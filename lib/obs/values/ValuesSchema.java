package obs.values;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import obs.cli.KubeOptions;
import obs.core.Durations;
import obs.core.ObsException;
import obs.stack.Stack;
import obs.values.ValueType.Fields;
import obs.values.ValueType.ListOf;
import obs.values.ValueType.OpenMap;
import obs.values.ValueType.Scalar;

/** The schema of profiles, values files and --set: the key table of manifests/profiles/README.md. */
final class ValuesSchema {
    private static final Pattern QUANTITY = Pattern.compile("(\\d+(\\.\\d+)?|\\.\\d+)([eE][+-]?\\d+|[numkMGTPE]|[KMGTPE]i)?");
    private static final Pattern BYTES = Pattern.compile("(\\d+)(B|KB|MB|GB|TB|PB|EB)");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s:]+:\\d{1,5}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]+");

    /** The keys of one row of sizes.yaml (and of resources.COMPONENT). */
    static final Fields SIZING = fields(
            "cpuRequest", quantity(), "cpuLimit", quantity(), "memoryRequest", quantity(), "memoryLimit", quantity(),
            "storage", quantity(), "retentionSize", scalar("a byte size such as 17GB", ValuesSchema::prometheusBytes));

    private ValuesSchema() {
    }

    /**
     * The values schema.
     *
     * @param toggles the folders of manifests/ that can be switched on and off
     * @param modules the blackbox exporter's module names
     */
    static Fields values(Set<String> toggles, Set<String> modules) {
        Scalar duration = scalar("a duration such as 30d", t -> {
            if (Durations.parse(t).isZero()) {
                throw new IllegalArgumentException("must be more than 0");
            }
            return t;
        });
        Scalar any = scalar("a string", t -> t);
        Scalar optionalEmail = optional(scalar("an e-mail address", t -> match(EMAIL, t, "an e-mail address")));
        Scalar channel = optional(scalar("a Slack channel such as #alerts", t -> {
            if (!t.startsWith("#") || t.length() < 2) {
                throw new IllegalArgumentException("'" + t + "' is not a Slack channel (write it as #name)");
            }
            return t;
        }));
        return fields(
                "namespace", dnsLabel(),
                "clusterName", nonEmpty(),
                "size", nonEmpty(),
                "storage", fields("preferredClass", any),
                "nodeSelector", new OpenMap(ValuesSchema::labelKeyProblem, scalar("a label value", ValuesSchema::labelValue)),
                "tolerations", new ListOf(fields(
                        "key", scalar("a label key", t -> {
                            String problem = t.isEmpty() ? null : labelKeyProblem(t);
                            if (problem != null) {
                                throw new IllegalArgumentException(problem);
                            }
                            return t;
                        }),
                        "operator", oneOf("Exists", "Equal"),
                        "value", any,
                        "effect", oneOf("NoSchedule", "PreferNoSchedule", "NoExecute"),
                        "tolerationSeconds", integer(0, Integer.MAX_VALUE)), 0),
                "components", new OpenMap(k -> toggles.contains(k) ? null
                        : "unknown component '" + k + "' (known: " + String.join(", ", toggles) + ")", bool()),
                "retention", fields("metrics", duration, "logs", duration, "traces", duration),
                "scrapeIntervals", fields("default", duration, "infrastructure", duration, "network", duration),
                "resources", new OpenMap(k -> Stack.find(k).isPresent() ? null
                        : "unknown component '" + k + "' (known: " + Stack.names() + ")", SIZING),
                "discovery", fields("namespaces", new ListOf(dnsLabel(), 1),
                        "teams", new OpenMap(ValuesSchema::teamNameProblem, fields("namespaces", regex("namespaces"),
                                "services", regex("services"), "labels", new OpenMap(ValuesSchema::labelKeyProblem, regex("labels"))))),
                "probes", new OpenMap(k -> modules.contains(k) ? null
                        : "unknown blackbox module '" + k + "' (blackbox.yml has: " + String.join(", ", modules) + ")",
                        new ListOf(nonEmpty(), 0)),
                "smokeping", fields("targets", new ListOf(scalar("a host name or IP address",
                        t -> match(HOST, t, "a host name or IP address")), 1)),
                "mtr", fields("targets", new ListOf(fields("name", nonEmpty(), "host",
                        scalar("a host name or IP address", t -> match(HOST, t, "a host name or IP address"))), 1)),
                "databases", fields("redisAddress", secret(scalar("a redis://host:port URL", ValuesSchema::redisUrl))),
                "exposure", fields("grafana", fields(
                        "type", oneOf("ClusterIP", "NodePort", "Ingress"),
                        "nodePort", scalar("0 or a port from 30000 to 32767", t -> {
                            int port = (Integer) integer(0, 32767).parse().apply(t);
                            if (port != 0 && port < 30000) {
                                throw new IllegalArgumentException("nodePort " + port + " is outside 30000-32767 (0 lets Kubernetes pick)");
                            }
                            return port;
                        }),
                        "host", optional(scalar("a host name", t -> match(DNS_SUBDOMAIN, t, "a host name"))),
                        "ingressClassName", any)),
                "alerting", fields(
                        "webhookUrl", secret(optional(scalar("an http(s) URL", ValuesSchema::httpUrl))),
                        "emailTo", optionalEmail,
                        "emailFrom", optionalEmail,
                        "smtpSmarthost", optional(scalar("host:port", t -> match(HOST_PORT, t, "host:port"))),
                        "smtpUsername", secret(any),
                        "slackChannels", fields("critical", channel, "warning", channel, "cxtaf", channel, "cxtm", channel)));
    }

    /**
     * A size for Prometheus' --storage.tsdb.retention.size, which alecthomas/units parses with base-2 multipliers
     * (KB = 1024 B) into a signed 64-bit count of bytes.
     */
    private static Object prometheusBytes(String text) {
        Matcher m = BYTES.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a byte size such as 17GB");
        }
        int power = List.of("B", "KB", "MB", "GB", "TB", "PB", "EB").indexOf(m.group(2));
        if (new BigInteger(m.group(1)).shiftLeft(10 * power).bitLength() > 63) {
            throw new IllegalArgumentException("'" + text + "' is too large (accepted: up to 7EB; Prometheus counts bytes in 64 bits, KB = 1024 B)");
        }
        return text;
    }

    static String labelKeyProblem(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && !DNS_SUBDOMAIN.matcher(prefix).matches() || !LABEL_NAME.matcher(name).matches()) {
            return "'" + key + "' is not a label key (an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_', '.')";
        }
        return null;
    }

    private static String teamNameProblem(String name) {
        return LABEL_NAME.matcher(name).matches() && name.equals(name.toLowerCase(java.util.Locale.ROOT)) ? null
                : "'" + name + "' is not a team name (lower-case letters, digits, '-', '_', '.'; it becomes the value of the team label)";
    }

    /** A Java regular expression of discovery.teams.TEAM.{@code key}, matched against a whole name; "" matches nothing. */
    private static Scalar regex(String key) {
        return scalar("a regular expression or \"\"", t -> {
            try {
                java.util.regex.Pattern.compile(t);
                return t;
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("discovery.teams " + key + " pattern '" + t + "' is not a regular expression: "
                        + e.getDescription()
                        + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
            }
        });
    }

    private static Object labelValue(String value) {
        if (!value.isEmpty() && !LABEL_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a label value (up to 63 letters, digits, '-', '_', '.')");
        }
        return value;
    }

    private static Object redisUrl(String text) {
        URI uri = uri(text);
        if (!List.of("redis", "rediss").contains(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a redis://host:port URL");
        }
        return text;
    }

    private static Object httpUrl(String text) {
        URI uri = uri(text);
        if (!List.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' is not an http(s) URL with a host");
        }
        return text;
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
    }

    private static String match(Pattern pattern, String text, String what) {
        if (!pattern.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + what);
        }
        return text;
    }

    private static Scalar scalar(String description, Function<String, Object> parse) {
        return new Scalar(description, parse);
    }

    /**
     * The same check, for a value that may carry a credential: a webhook URL holds its token, a redis URL may hold a
     * password, an SMTP user name is half a login. The install record redacts these outside its Secret.
     */
    private static Scalar secret(Scalar scalar) {
        return new Scalar(scalar.description(), scalar.parse(), true);
    }

    /** The same check, but the empty string (an unset integration) is also accepted. */
    private static Scalar optional(Scalar scalar) {
        return scalar(scalar.description() + " or \"\"", t -> t.isEmpty() ? t : scalar.parse().apply(t));
    }

    private static Scalar nonEmpty() {
        return scalar("a non-empty string", t -> {
            if (t.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return t;
        });
    }

    private static Scalar quantity() {
        return scalar("a Kubernetes quantity such as 500m or 2Gi", t -> match(QUANTITY, t, "a Kubernetes quantity such as 500m or 2Gi"));
    }

    private static Scalar dnsLabel() {
        return scalar("a DNS label", t -> {
            try {
                return KubeOptions.validNamespace(t);
            } catch (ObsException e) {
                throw new IllegalArgumentException(e.getMessage().replaceFirst("^invalid namespace", "invalid name"));
            }
        });
    }

    private static Scalar bool() {
        return scalar("true or false", t -> switch (t) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected true or false, found '" + t + "'");
        });
    }

    private static Scalar integer(int min, int max) {
        return scalar("a whole number", t -> {
            try {
                int n = Integer.parseInt(t);
                if (n < min || n > max) {
                    throw new IllegalArgumentException(n + " is outside " + min + "-" + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a whole number, found '" + t + "'");
            }
        });
    }

    private static Scalar oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        return scalar("one of " + String.join(", ", values), t -> {
            if (!values.contains(t)) {
                throw new IllegalArgumentException("unknown value '" + t + "' (expected one of: " + String.join(", ", values) + ")");
            }
            return t;
        });
    }

    private static Fields fields(Object... keysAndTypes) {
        Map<String, ValueType> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndTypes.length; i += 2) {
            map.put((String) keysAndTypes[i], (ValueType) keysAndTypes[i + 1]);
        }
        return new Fields(map);
    }
}
