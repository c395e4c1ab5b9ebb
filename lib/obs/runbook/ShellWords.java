package obs.runbook;

import java.util.ArrayList;
import java.util.List;

/**
 * A runbook's command line split the way sh splits words: quotes and backslashes, and pipes between stages.
 * Hand-written rather than run through sh, because a step is executed only after each stage was judged
 * read-only, and a shell would also expand variables, substitutions and redirections that no judge sees; any of
 * those in a line makes it {@link Syntax}, which is never run.
 */
final class ShellWords {
    /** A line that uses shell syntax the runbook command does not run (redirection, lists, substitution). */
    static final class Syntax extends Exception {
        Syntax(String message) {
            super(message);
        }
    }

    private ShellWords() {
    }

    /** The stages of a pipeline, each a list of words. */
    static List<List<String>> stages(String line) throws Syntax {
        List<List<String>> stages = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            switch (c) {
                case '\'' -> {
                    int end = line.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new Syntax("unterminated ' quote");
                    }
                    word = append(word, line.substring(i + 1, end));
                    i = end;
                }
                case '"' -> {
                    StringBuilder quoted = new StringBuilder();
                    int j = i + 1;
                    for (; j < line.length() && line.charAt(j) != '"'; j++) {
                        char q = line.charAt(j);
                        if (q == '$' || q == '`') {
                            throw new Syntax("expansion (" + q + ") inside double quotes");
                        }
                        if (q == '\\' && j + 1 < line.length() && "\"\\".indexOf(line.charAt(j + 1)) >= 0) {
                            q = line.charAt(++j);
                        }
                        quoted.append(q);
                    }
                    if (j >= line.length()) {
                        throw new Syntax("unterminated \" quote");
                    }
                    word = append(word, quoted.toString());
                    i = j;
                }
                case '\\' -> {
                    if (i + 1 < line.length()) {
                        word = append(word, String.valueOf(line.charAt(++i)));
                    }
                }
                case ' ', '\t' -> {
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                }
                case '|' -> {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '|') {
                        throw new Syntax("a list (||)");
                    }
                    if (word != null) {
                        words.add(word.toString());
                        word = null;
                    }
                    if (words.isEmpty()) {
                        throw new Syntax("an empty pipeline stage");
                    }
                    stages.add(words);
                    words = new ArrayList<>();
                }
                case ';', '&' -> throw new Syntax(c == '&' ? "a background job or list (&)" : "a list (;)");
                case '>', '<' -> throw new Syntax("a redirection (" + c + ")");
                case '`', '$' -> throw new Syntax("an expansion (" + c + ")");
                case '(', ')', '{', '}' -> throw new Syntax("a subshell, group or brace expansion (" + c + ")");
                case '#' -> {
                    if (word == null) {
                        i = line.length();
                    } else {
                        word.append(c);
                    }
                }
                default -> word = append(word, String.valueOf(c));
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new Syntax(stages.isEmpty() ? "an empty line" : "an empty pipeline stage");
        }
        stages.add(words);
        return stages;
    }

    private static StringBuilder append(StringBuilder word, String text) {
        return (word == null ? new StringBuilder() : word).append(text);
    }
}
