package obs.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bounded reader every input file goes through; the command-level cases are in BadInputFilesTest. */
class InputFileTest {
    @TempDir
    Path dir;

    @Test
    void readsARegularFileUpToTheLimit() throws Exception {
        Path exact = Files.write(dir.resolve("exact"), new byte[InputFile.LIMIT]);
        assertEquals(InputFile.LIMIT, InputFile.readBytes(exact).length);
        Path link = Files.createSymbolicLink(dir.resolve("link"), exact);
        assertEquals(InputFile.LIMIT, InputFile.readBytes(link).length, "a link to a regular file is fine");
        assertEquals("héllo\n", InputFile.readString(Files.writeString(dir.resolve("t"), "héllo\n")));
    }

    @Test
    void oneByteOverTheLimitIsRefused() throws Exception {
        Path over = Files.write(dir.resolve("over"), new byte[InputFile.LIMIT + 1]);
        ObsException e = assertThrows(ObsException.class, () -> InputFile.readBytes(over));
        assertEquals(over + ": larger than 4 MiB", e.getMessage());
        assertEquals(Exit.USAGE, e.exit());
    }

    @Test
    void aFolderIsNotARegularFile() {
        ObsException e = assertThrows(ObsException.class, () -> InputFile.readString(dir));
        assertEquals(dir + ": not a regular file", e.getMessage());
    }

    @Test
    void aMissingFileLeavesTheAdviceToTheCaller() {
        assertThrows(NoSuchFileException.class, () -> InputFile.readString(dir.resolve("missing")));
    }

    @Test
    void textMustBeUtf8() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'c', 'a', 'f', (byte) 0xe9});
        assertEquals(latin1 + ": not UTF-8 text", assertThrows(ObsException.class, () -> InputFile.readString(latin1)).getMessage());
        assertArrayEquals(new byte[] {'c', 'a', 'f', (byte) 0xe9}, InputFile.readBytes(latin1));
    }
}
