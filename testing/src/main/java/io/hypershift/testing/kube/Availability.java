package io.hypershift.testing.kube;

/** Whether a backend can start here, and if not, why (one line a user can act on). */
public record Availability(boolean available, String detail) {
    public static Availability yes(String detail) {
        return new Availability(true, detail);
    }

    public static Availability no(String why) {
        return new Availability(false, why);
    }
}
