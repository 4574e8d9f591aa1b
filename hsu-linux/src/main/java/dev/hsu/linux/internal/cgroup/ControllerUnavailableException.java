package dev.hsu.linux.internal.cgroup;

/** A unit needs a controller that HSU cannot use on this host (or whose setup failed at start). */
public class ControllerUnavailableException extends CgroupException {
    private final Controller controller;

    public ControllerUnavailableException(Controller controller, String message) {
        super(message);
        this.controller = controller;
    }

    public Controller controller() {
        return controller;
    }
}
