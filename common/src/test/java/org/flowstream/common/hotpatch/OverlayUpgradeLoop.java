package org.flowstream.common.hotpatch;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A process that does nothing but upgrade: generation after generation of the same files, each file saying its
 * generation, as fast as it can. {@link UpgradeCrashTest} kills it (SIGKILL) at random moments.
 *
 * <p>Arguments: the overlay directory, the number of files, the first generation number.
 */
public final class OverlayUpgradeLoop {

    private OverlayUpgradeLoop() {}

    public static void main(String[] args) throws Exception {
        TaskOverlay overlay = new TaskOverlay(Path.of(args[0]));
        int files = Integer.parseInt(args[1]);
        overlay.cleanUp(); // as a daemon does at start
        for (long generation = Long.parseLong(args[2]); ; generation++) {
            overlay.replace(generation(files, generation));
            System.out.println(generation);
            System.out.flush();
        }
    }

    static Map<String, String> generation(int files, long generation) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < files; i++) {
            sources.put("test/File%02d.java".formatted(i), "generation " + generation);
        }
        return sources;
    }
}
