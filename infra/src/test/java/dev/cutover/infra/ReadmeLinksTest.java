package dev.cutover.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's Markdown files leads somewhere: the file exists, and a {@code #fragment}
 * names a heading of the Markdown file it points into (GitHub's anchors: lower case, punctuation dropped, spaces to
 * hyphens).
 */
class ReadmeLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkInTheMarkdownFilesResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : markdownFiles()) {
            String text = Files.readString(file);
            Matcher link = LINK.matcher(withoutCodeBlocks(text));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto:
                }
                checked++;
                String path = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(Repo.root().relativize(file) + ": " + target + " (no such file)");
                } else if (fragment != null && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(fragment)) {
                    broken.add(Repo.root().relativize(file) + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(checked).as("relative links found").isGreaterThan(20);
        assertThat(broken).as("broken relative links").isEmpty();
    }

    /** GitHub's anchors for the headings of {@code file}, outside code blocks. */
    static Set<String> anchors(Path file) {
        Set<String> anchors = new TreeSet<>();
        try {
            for (String line : withoutCodeBlocks(Files.readString(file)).split("\n")) {
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    anchors.add(heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                            .replace(' ', '-'));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return anchors;
    }

    /** The text with fenced code blocks blanked, so a shell comment is not a heading and an array is not a link. */
    private static String withoutCodeBlocks(String text) {
        StringBuilder kept = new StringBuilder();
        boolean inBlock = false;
        for (String line : text.split("\n", -1)) {
            if (line.trim().startsWith("```")) {
                inBlock = !inBlock;
                kept.append('\n');
                continue;
            }
            kept.append(inBlock ? "" : line).append('\n');
        }
        return kept.toString();
    }

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Repo.root())) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> Stream.of("target", "node_modules", ".git", ".mvn")
                            .noneMatch(skip -> Repo.root().relativize(p).toString().startsWith(skip)
                                    || Repo.root().relativize(p).toString().contains("/" + skip + "/")))
                    .sorted().toList();
        }
    }
}
