package obs.probe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses fping's {@code -C -q} summary (on stderr): {@code 127.0.0.1 : 0.10 0.05 -}, "-" for a lost packet. */
final class FpingOutput {
    private FpingOutput() {
    }

    /** Address to RTTs in milliseconds, NaN where the packet was lost. Other lines (warnings) are skipped. */
    static Map<String, List<Double>> parse(String stderr) {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (String line : stderr.split("\n")) {
            int colon = line.indexOf(" : ");
            if (colon <= 0) {
                continue;
            }
            List<Double> rtts = new ArrayList<>();
            boolean valid = true;
            for (String field : line.substring(colon + 3).trim().split("\\s+")) {
                if (field.equals("-")) {
                    rtts.add(Double.NaN);
                } else {
                    try {
                        rtts.add(Double.parseDouble(field));
                    } catch (NumberFormatException e) {
                        valid = false;
                    }
                }
            }
            if (valid && !rtts.isEmpty()) {
                out.put(line.substring(0, colon).trim(), rtts);
            }
        }
        return out;
    }
}
