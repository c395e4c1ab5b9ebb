package obs.manifests;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The vector selectors of a PromQL expression, and Grafana's template variables replaced so that promtool can
 * parse it. Hand-written because no PromQL parser is published for Java; it only has to tell metric names from
 * functions, keywords, label lists and literals, and promtool checks the full grammar separately.
 */
final class PromQl {
    /** A vector selector: its metric name (null for a bare {__name__=...}) and the text between its braces. */
    record Selector(String metric, String matchers) {
    }

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "bool", "and", "or", "unless", "atan2", "inf", "nan");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*=\\s*\"([a-zA-Z_:][a-zA-Z0-9_:]*)\"");
    private static final Pattern BUILTIN = Pattern.compile("\\$__(rate_interval|interval|range|auto)\\b|\\$\\{__(rate_interval|interval|range|auto)}");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*(:[a-z]+)?}|\\$[A-Za-z_][A-Za-z0-9_]*");

    private enum Kind { IDENT, STRING, MATCHERS, RANGE, NUMBER, OTHER }

    private record Token(Kind kind, String text) {
    }

    private PromQl() {
    }

    /** Grafana's interval variables become 5m and every other variable the word "var", as promtool needs literals. */
    static String substitute(String expr) {
        String out = BUILTIN.matcher(expr).replaceAll("5m");
        out = out.replace("$__range_s", "300");
        return VARIABLE.matcher(out).replaceAll("var");
    }

    static List<Selector> selectors(String expr) {
        List<Token> tokens = tokens(expr);
        List<Selector> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (t.kind() == Kind.MATCHERS) {
                Matcher m = NAME_MATCHER.matcher(t.text());
                out.add(new Selector(m.find() ? m.group(1) : null, t.text()));
                continue;
            }
            if (t.kind() != Kind.IDENT) {
                continue;
            }
            String word = t.text().toLowerCase();
            if (LABEL_LISTS.contains(word) && next != null && next.text().equals("(")) {
                i = closing(tokens, i + 1);
            } else if (KEYWORDS.contains(word) || next != null && (next.text().equals("(")
                    || next.kind() == Kind.IDENT && (next.text().equals("by") || next.text().equals("without")))) {
                continue;
            } else if (next != null && next.kind() == Kind.MATCHERS) {
                out.add(new Selector(t.text(), next.text()));
                i++;
            } else {
                out.add(new Selector(t.text(), ""));
            }
        }
        return out;
    }

    static Set<String> metricNames(String expr) {
        Set<String> out = new LinkedHashSet<>();
        selectors(expr).stream().map(Selector::metric).filter(m -> m != null).forEach(out::add);
        return out;
    }

    private static int closing(List<Token> tokens, int open) {
        for (int j = open; j < tokens.size(); j++) {
            if (tokens.get(j).text().equals(")")) {
                return j;
            }
        }
        return tokens.size();
    }

    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                i = endOfString(s, i);
                out.add(new Token(Kind.STRING, s.substring(start, i)));
            } else if (c == '{' || c == '[') {
                char close = c == '{' ? '}' : ']';
                i++;
                while (i < s.length() && s.charAt(i) != close) {
                    char d = s.charAt(i);
                    i = d == '"' || d == '\'' || d == '`' ? endOfString(s, i) : i + 1;
                }
                i = Math.min(i + 1, s.length());
                out.add(new Token(c == '{' ? Kind.MATCHERS : Kind.RANGE, s.substring(start + 1, Math.max(start + 1, i - 1))));
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                // Numbers, and durations such as the 1h of "offset 1h": letters may follow the digits.
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, s.substring(start, i)));
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, s.substring(start, i)));
            } else {
                i++;
                out.add(new Token(Kind.OTHER, String.valueOf(c)));
            }
        }
        return out;
    }

    private static int endOfString(String s, int open) {
        char quote = s.charAt(open);
        int i = open + 1;
        while (i < s.length() && s.charAt(i) != quote) {
            i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return Math.min(i + 1, s.length());
    }
}
