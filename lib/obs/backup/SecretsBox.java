package obs.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import obs.core.InputFile;
import obs.core.ObsException;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBEDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * secrets.pgp: the secrets a set holds with --include-secrets, encrypted with the passphrase in the user's key file
 * as OpenPGP (RFC 4880: AES-256, integrity-protected, iterated and salted S2K), written with Bouncy Castle's
 * lightweight API rather than hand-rolled crypto. Any OpenPGP tool opens it too:
 * {@code gpg --batch --passphrase-file KEYFILE --decrypt secrets.pgp}.
 */
public final class SecretsBox {
    public static final String FILE = "secrets.pgp";
    /** A short passphrase is guessed offline however slow the S2K; 16 characters is the floor. */
    static final int MIN_KEY = 16;

    private SecretsBox() {
    }

    /** The passphrase: the key file's content without its trailing newline. */
    public static char[] key(Path file) {
        try {
            String text = InputFile.readString(file).replaceAll("[\\r\\n]+$", "");
            if (text.length() < MIN_KEY) {
                throw ObsException.usage("--secrets-key-file " + file + ": the key must be at least " + MIN_KEY + " characters");
            }
            return text.toCharArray();
        } catch (NoSuchFileException e) {
            throw ObsException.usage("--secrets-key-file " + file + ": no such file");
        } catch (IOException e) {
            throw ObsException.usage("--secrets-key-file " + file + ": " + BackupFailure.reason(e));
        }
    }

    public static byte[] seal(byte[] clear, char[] key) {
        try {
            PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                    .setWithIntegrityPacket(true).setSecureRandom(new SecureRandom()));
            generator.addMethod(new BcPBEKeyEncryptionMethodGenerator(key, new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), 0xff));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream encrypted = generator.open(out, new byte[1 << 16]);
                 OutputStream literal = new PGPLiteralDataGenerator().open(encrypted, PGPLiteralData.BINARY, "secrets.json", clear.length, new Date())) {
                literal.write(clear);
            }
            return out.toByteArray();
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("encrypting in memory failed: " + e.getMessage(), e);
        }
    }

    /** The clear content; a wrong key or a changed file is a problem in words. */
    public static byte[] open(byte[] sealed, char[] key) {
        try {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(sealed)));
            Object first = factory.nextObject();
            while (first != null && !(first instanceof PGPEncryptedDataList)) {
                first = factory.nextObject();
            }
            if (first == null || !(((PGPEncryptedDataList) first).get(0) instanceof PGPPBEEncryptedData pbe)) {
                throw ObsException.problem(FILE + " is not passphrase-encrypted OpenPGP data");
            }
            InputStream clear = pbe.getDataStream(new BcPBEDataDecryptorFactory(key, new BcPGPDigestCalculatorProvider()));
            Object message = new BcPGPObjectFactory(clear).nextObject();
            if (message instanceof PGPCompressedData compressed) {
                message = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
            }
            if (!(message instanceof PGPLiteralData literal)) {
                throw ObsException.problem(FILE + " holds no data");
            }
            byte[] bytes = literal.getInputStream().readAllBytes();
            if (!pbe.isIntegrityProtected() || !pbe.verify()) {
                throw ObsException.problem(FILE + " failed its integrity check: it was changed");
            }
            return bytes;
        } catch (PGPException | IOException | RuntimeException e) {
            if (e instanceof ObsException o) {
                throw o;
            }
            throw ObsException.problem("cannot decrypt " + FILE + ": wrong key, or the file is damaged");
        }
    }
}
