package obs.grafana;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import obs.core.InputFile;
import obs.core.ObsException;
import obs.install.AdminSecret;
import picocli.CommandLine.Option;

/**
 * How a command signs in to Grafana, shared by every command that talks to it: a service-account token file, a
 * password file for the admin user (the backup CronJob mounts the grafana-admin Secret), or neither, which in a
 * cluster means the grafana-admin Secret install created.
 */
public final class GrafanaOptions {
    @Option(names = "--grafana-token-file", paramLabel = "FILE", description = "A Grafana service-account token.")
    public Path tokenFile;

    @Option(names = "--grafana-password-file", paramLabel = "FILE",
            description = "Password of Grafana's admin user (default in a cluster: the grafana-admin Secret install created).")
    public Path passwordFile;

    /**
     * The sign-in the files give, read now so that a bad file is a usage error before anything runs; null when
     * neither option is given (then {@link GrafanaConnect} uses the admin Secret).
     */
    public GrafanaAuth auth() {
        if (tokenFile != null && passwordFile != null) {
            throw ObsException.usage("--grafana-token-file and --grafana-password-file are two credentials: give one");
        }
        if (tokenFile != null) {
            return GrafanaAuth.token(read(tokenFile, "--grafana-token-file"));
        }
        if (passwordFile != null) {
            return GrafanaAuth.basic(AdminSecret.USER, read(passwordFile, "--grafana-password-file"));
        }
        return null;
    }

    private static String read(Path file, String option) {
        try {
            String text = InputFile.readString(file).strip();
            if (text.isEmpty()) {
                throw ObsException.usage(option + " " + file + " is empty");
            }
            return text;
        } catch (IOException e) {
            throw ObsException.usage(option + ": cannot read " + file + ": " + (e instanceof NoSuchFileException ? "no such file" : e.getMessage()), e);
        }
    }
}
