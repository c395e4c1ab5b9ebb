package obs.discover;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One relabel_configs rule, applied as Prometheus applies it (model/relabel/relabel.go): joined source labels,
 * a regular expression anchored at both ends, Go's $1 / ${name} expansion, and the actions replace, keep, drop,
 * hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase, keepequal and dropequal. No Java library
 * evaluates Prometheus relabelling, and coverage must be reasoned from the configuration, so it is written here.
 */
record Relabel(List<String> sourceLabels, String separator, Pattern regex, long modulus, String targetLabel,
               String replacement, Action action) {
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern GO_NAMED_GROUP = Pattern.compile("\\(\\?P<");

    enum Action { replace, keep, drop, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase, keepequal, dropequal }

    /** A rule from its YAML map, with Prometheus' defaults; a problem is an IllegalArgumentException naming it. */
    static Relabel of(Map<?, ?> rule) {
        Object action = rule.containsKey("action") ? rule.get("action") : "replace";
        Action a;
        try {
            a = Action.valueOf(String.valueOf(action).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown relabel action '" + action + "'");
        }
        List<String> sources = new ArrayList<>();
        if (rule.get("source_labels") instanceof List<?> l) {
            l.forEach(s -> sources.add(String.valueOf(s)));
        }
        String regex = rule.containsKey("regex") ? String.valueOf(rule.get("regex")) : "(.*)";
        Pattern pattern;
        try {
            pattern = Pattern.compile("^(?:" + GO_NAMED_GROUP.matcher(regex).replaceAll("(?<") + ")$");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("relabel regex '" + regex + "' is not valid: " + e.getDescription());
        }
        long modulus = rule.get("modulus") instanceof Number n ? n.longValue() : 0;
        if (a == Action.hashmod && modulus <= 0) {
            throw new IllegalArgumentException("hashmod needs a modulus above 0");
        }
        return new Relabel(sources, rule.containsKey("separator") ? String.valueOf(rule.get("separator")) : ";", pattern,
                modulus, rule.containsKey("target_label") ? String.valueOf(rule.get("target_label")) : "",
                rule.containsKey("replacement") ? String.valueOf(rule.get("replacement")) : "$1", a);
    }

    /** Applies the rules in order; null when a rule drops the target. */
    static Map<String, String> apply(List<Relabel> rules, Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>(labels);
        for (Relabel rule : rules) {
            if (!rule.applyTo(out)) {
                return null;
            }
        }
        return out;
    }

    /** Returns false when the target is dropped. */
    private boolean applyTo(Map<String, String> labels) {
        List<String> values = new ArrayList<>();
        sourceLabels.forEach(s -> values.add(labels.getOrDefault(s, "")));
        String value = String.join(separator, values);
        switch (action) {
            case keep -> {
                return regex.matcher(value).matches();
            }
            case drop -> {
                return !regex.matcher(value).matches();
            }
            case keepequal -> {
                return value.equals(labels.getOrDefault(targetLabel, ""));
            }
            case dropequal -> {
                return !value.equals(labels.getOrDefault(targetLabel, ""));
            }
            case replace -> {
                Matcher m = regex.matcher(value);
                if (m.matches()) {
                    String target = expand(targetLabel, m);
                    String result = expand(replacement, m);
                    if (LABEL_NAME.matcher(target).matches()) {
                        if (result.isEmpty()) {
                            labels.remove(target);
                        } else {
                            labels.put(target, result);
                        }
                    }
                }
            }
            case lowercase -> labels.put(targetLabel, value.toLowerCase(Locale.ROOT));
            case uppercase -> labels.put(targetLabel, value.toUpperCase(Locale.ROOT));
            case hashmod -> labels.put(targetLabel, Long.toUnsignedString(Long.remainderUnsigned(sum64(value), modulus)));
            case labelmap -> {
                for (String name : List.copyOf(labels.keySet())) {
                    Matcher m = regex.matcher(name);
                    if (m.matches()) {
                        labels.put(expand(replacement, m), labels.get(name));
                    }
                }
            }
            case labeldrop -> labels.keySet().removeIf(name -> regex.matcher(name).matches());
            case labelkeep -> labels.keySet().removeIf(name -> !regex.matcher(name).matches());
        }
        return true;
    }

    /** Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$; an unknown group expands to nothing. */
    static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 == template.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                end = i + 1;
                while (end < template.length() && (Character.isLetterOrDigit(template.charAt(end)) || template.charAt(end) == '_')) {
                    end++;
                }
                name = template.substring(i + 1, end);
            }
            if (name.isEmpty()) {
                out.append(c);
                i++;
                continue;
            }
            out.append(group(m, name));
            i = end;
        }
        return out.toString();
    }

    private static String group(Matcher m, String name) {
        try {
            String g = name.chars().allMatch(Character::isDigit) ? m.group(Integer.parseInt(name)) : m.group(name);
            return g == null ? "" : g;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return "";
        }
    }

    /** Prometheus' hashmod: the last 8 bytes of the MD5 of the value, big-endian. */
    private static long sum64(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
            long s = 0;
            for (int i = 8; i < 16; i++) {
                s = (s << 8) | (hash[i] & 0xff);
            }
            return s;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
