package dev.hsu.linux.internal.cgroup;

/**
 * One value to write into a unit's cgroup.
 *
 * @param controller the controller whose hierarchy holds the file
 * @param file the control file's name, e.g. {@code memory.max}
 * @param value the text to write
 */
public record LimitFile(Controller controller, String file, String value) {
}
