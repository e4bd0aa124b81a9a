package dev.cutover.migrations.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cutover.migrations.lint.Finding;
import dev.cutover.migrations.lint.Severity;
import dev.cutover.migrations.lint.rules.LintRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Findings in the formats CI systems read: SARIF for GitHub code scanning, workflow commands, GitLab Code Quality. */
final class LintReports {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LintReports() {
    }

    /** A SARIF 2.1.0 log with one run: the rules as the tool's rules, each finding as a result at its file and line. */
    static String sarif(List<Finding> findings, List<LintRule> rules) throws Exception {
        List<Map<String, Object>> ruleDescriptors = new ArrayList<>();
        for (LintRule rule : rules) {
            ruleDescriptors.add(map("id", rule.id(), "shortDescription", map("text", rule.id()),
                    "help", map("text", rule.fix()), "defaultConfiguration", map("level", level(rule.severity()))));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (Finding f : findings) {
            results.add(map("ruleId", f.rule(), "level", level(f.severity()),
                    "message", map("text", f.message() + ". Fix: " + f.fix()),
                    "locations", List.of(map("physicalLocation", map(
                            "artifactLocation", map("uri", f.file().replace('\\', '/')),
                            "region", map("startLine", f.line())))),
                    "partialFingerprints", map("cutover/v1", fingerprint(f))));
        }
        Map<String, Object> driver = map("name", "cutover lint", "rules", ruleDescriptors);
        return JSON.writeValueAsString(map("$schema", "https://json.schemastore.org/sarif-2.1.0.json",
                "version", "2.1.0", "runs", List.of(map("tool", map("driver", driver), "results", results))));
    }

    /** One workflow command per finding, which GitHub Actions shows as an annotation on the file's line. */
    static String github(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        for (Finding f : findings) {
            out.append("::").append(f.severity() == Severity.ERROR ? "error" : "warning")
                    .append(" file=").append(property(f.file())).append(",line=").append(f.line())
                    .append(",title=").append(property("cutover lint: " + f.rule()))
                    .append("::").append(data(f.message() + "\nFix: " + f.fix())).append('\n');
        }
        return out.toString();
    }

    /** GitLab's Code Quality report: an array of issues with a stable fingerprint each. */
    static String gitlab(List<Finding> findings) throws Exception {
        List<Map<String, Object>> issues = new ArrayList<>();
        for (Finding f : findings) {
            issues.add(map("description", f.rule() + ": " + f.message(), "check_name", f.rule(),
                    "fingerprint", fingerprint(f), "severity", f.severity() == Severity.ERROR ? "critical" : "minor",
                    "location", map("path", f.file().replace('\\', '/'), "lines", map("begin", f.line()))));
        }
        return JSON.writeValueAsString(issues);
    }

    private static String level(Severity severity) {
        return severity == Severity.ERROR ? "error" : "warning";
    }

    /** Stable across runs and line moves within a file: the file, rule and message, not the line. */
    private static String fingerprint(Finding f) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((f.file() + "\n" + f.rule() + "\n" + f.message()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Escapes a workflow command's message as the runner expects. */
    private static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes a workflow command's property value, where {@code :} and {@code ,} are separators too. */
    private static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
