package io.hypershift.ignition.server;

/** The current state of the control-plane namespace, as far as payloads are concerned. */
public interface ControlPlaneSource {
    /** @throws NotReadyException naming what is missing (no HostedControlPlane yet, no pull secret, ...) */
    ControlPlaneSnapshot snapshot() throws NotReadyException;

    /** The state is not (yet) complete enough to build a payload. */
    final class NotReadyException extends Exception {
        private static final long serialVersionUID = 1L;

        public NotReadyException(String message) {
            super(message);
        }
    }
}
