package dev.fluxion.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code ./fluxion} command shown in README.md runs (in-process, from the repository root's
 * point of view) and prints what the README says: the main job's output block verbatim, and the
 * literal results in the trailing comments.
 */
class ReadmeCommandsTest {
    private static List<String> readmeLines() throws IOException {
        return Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    }

    /** Shell-like split: single quotes group, and paths are made relative to the repository root. */
    static String[] args(String command) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false, any = false;
        for (char c : command.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                any = true;
            } else if (c == ' ' && !quoted) {
                if (any) out.add(cur.toString());
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) out.add(cur.toString());
        out.remove(0); // ./fluxion
        for (int i = 0; i < out.size(); i++) if (out.get(i).startsWith("examples/")) out.set(i, "../" + out.get(i));
        return out.toArray(new String[0]);
    }

    @Test
    void everyReadmeCommandRunsAndPrintsWhatTheReadmeShows() throws IOException {
        List<String> lines = readmeLines();
        int commands = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("./fluxion ")) continue;
            String command = line, comment = null;
            int hash = line.indexOf("  #");
            if (hash > 0) {
                command = line.substring(0, hash).strip();
                comment = line.substring(hash + 3).strip();
            }
            Cli.Run run = Cli.run(args(command));
            assertEquals(0, run.code(), command + "\n" + run);
            assertFalse(run.out().isBlank(), command);
            if (comment != null && (comment.startsWith("f =") || comment.startsWith("[") || Character.isDigit(comment.charAt(0)))) {
                for (String part : comment.startsWith("f =") ? comment.split(", ") : new String[] {comment}) {
                    assertTrue(run.out().contains(part), command + " should print " + part + "\n" + run);
                }
            }
            commands++;
        }
        assertTrue(commands >= 5, "README shows " + commands + " fluxion commands");
    }

    /** The main job's command is followed by a block with its exact output. */
    @Test
    void mainJobPrintsTheReadmeBlock() throws IOException {
        List<String> lines = readmeLines();
        int at = lines.indexOf("./fluxion grad --file examples/rosenbrock.fx --wrt x,y --at x=-1.2,y=1");
        assertTrue(at > 0, "README lost the main job's command");
        int open = lines.subList(at + 1, lines.size()).indexOf("```") + at + 1;   // end of the command block
        int start = lines.subList(open + 1, lines.size()).indexOf("```") + open + 2;
        int end = lines.subList(start, lines.size()).indexOf("```") + start;
        String expected = String.join("\n", lines.subList(start, end));
        Cli.Run run = Cli.run(args(lines.get(at)));
        assertEquals(0, run.code(), run.toString());
        assertEquals(expected, run.out().strip());
    }
}
