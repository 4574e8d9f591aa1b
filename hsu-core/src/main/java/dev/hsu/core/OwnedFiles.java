package dev.hsu.core;

import dev.hsu.core.unit.UnitIdentity;
import dev.hsu.spi.LaunchException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates a unit's output file and its missing directories owned by the unit's user, so that a
 * unit running as another user can reopen or rotate what HSU made for it. What already exists is
 * left as it is: HSU never changes the owner of a file it did not create.
 *
 * <p>Platform note: the owner is set through the {@code unix:uid} and {@code unix:gid} file
 * attributes; where the file system has none, the files stay the master's.
 *
 * <p>Thread-safety: stateless.
 */
final class OwnedFiles {
    private OwnedFiles() {
    }

    /**
     * @param key {@code stdout} or {@code stderr}, for messages
     * @throws LaunchException naming the path if it cannot be created or given to the user
     */
    static void create(String unit, String key, Path file, UnitIdentity owner) throws LaunchException {
        List<Path> missing = new ArrayList<>();
        for (Path dir = file.getParent(); dir != null && !Files.exists(dir); dir = dir.getParent()) {
            missing.add(0, dir);
        }
        Path current = null;
        try {
            for (Path dir : missing) {
                current = dir;
                try {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException raced) {
                    continue; // made meanwhile by someone else: not ours to give away
                }
                chown(dir, owner);
            }
            current = file;
            try {
                Files.createFile(file);
                chown(file, owner);
            } catch (FileAlreadyExistsException existing) {
                // the unit's own file from an earlier run, or the operator's: keep its owner
            }
        } catch (IOException | SecurityException e) {
            throw new LaunchException("unit " + unit + ": cannot create " + current + " for its " + key + " file "
                    + file + " owned by " + owner.describe() + " (" + e + "); create it yourself, or change " + key
                    + " / log.directory", e);
        }
    }

    private static void chown(Path path, UnitIdentity owner) throws IOException {
        try {
            Files.setAttribute(path, "unix:gid", owner.gid());
            Files.setAttribute(path, "unix:uid", owner.uid());
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixAttributes) {
            // Platform note above: nothing to set on this file system.
        }
    }
}
