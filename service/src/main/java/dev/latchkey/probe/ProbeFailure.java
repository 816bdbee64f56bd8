package dev.latchkey.probe;

/** A step of the probe failed; the message says which and why, without secrets. */
final class ProbeFailure extends RuntimeException {

    ProbeFailure(String message) {
        super(message, null, false, false);
    }
}
