package obs.env;

/**
 * One line of the doctor's report.
 *
 * @param check  what was looked at
 * @param status ok, info, warn, or fail (the install would break)
 * @param detail what was found
 * @param fix    how to repair a warn or fail, or null
 */
public record Finding(String check, Status status, String detail, String fix) {
    /** How much a finding matters; fail blocks the install. */
    public enum Status { ok, info, warn, fail }

    static Finding ok(String check, String detail) {
        return new Finding(check, Status.ok, detail, null);
    }

    static Finding info(String check, String detail) {
        return new Finding(check, Status.info, detail, null);
    }

    static Finding warn(String check, String detail, String fix) {
        return new Finding(check, Status.warn, detail, fix);
    }

    static Finding fail(String check, String detail, String fix) {
        return new Finding(check, Status.fail, detail, fix);
    }
}
