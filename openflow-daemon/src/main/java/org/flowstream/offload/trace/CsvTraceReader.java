package org.flowstream.offload.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flowstream.contracts.net.Ipv4Prefix;

/**
 * Reads a trace from CSV: one packet per line, {@code time,destination_prefix,bytes} with the time
 * in seconds (decimals allowed) and the prefix as "a.b.c.d/len" (or any other name of a
 * destination aggregate). Blank lines, lines starting with '#' and a header line starting with
 * "time" are skipped.
 */
public final class CsvTraceReader {
    private CsvTraceReader() {}

    public static InMemoryTrace read(Path file) throws IOException, TraceFormatException {
        InMemoryTrace.Builder b = new InMemoryTrace.Builder();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                String t = line.strip();
                if (t.isEmpty()
                        || t.startsWith("#")
                        || (no == 1 && t.toLowerCase().startsWith("time"))) continue;
                String[] f = t.split(",");
                if (f.length != 3) {
                    throw new TraceFormatException(file + ":" + no
                            + ": error: expected time,destination_prefix,bytes but found " + f.length + " fields");
                }
                long micros;
                int bytes;
                try {
                    micros = Math.round(Double.parseDouble(f[0].strip()) * 1e6);
                    bytes = Integer.parseInt(f[2].strip());
                } catch (NumberFormatException e) {
                    throw new TraceFormatException(file + ":" + no + ": error: bad number: " + e.getMessage());
                }
                if (micros < 0 || bytes < 0)
                    throw new TraceFormatException(file + ":" + no + ": error: negative time or bytes");
                String key = f[1].strip();
                if (key.isEmpty())
                    throw new TraceFormatException(file + ":" + no + ": error: empty destination prefix");
                if (Character.isDigit(key.charAt(0))) {
                    try {
                        key = Ipv4Prefix.parse(key).toString(); // one spelling per prefix
                    } catch (IllegalArgumentException e) {
                        throw new TraceFormatException(
                                file + ":" + no + ": error: bad prefix " + key + ": " + e.getMessage());
                    }
                }
                b.add(micros, key, bytes);
            }
        }
        return b.build();
    }
}
