package dev.cutover.service.api.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * {@link EmailStr} against what the template's validator really answers. {@code email-validator-2.3.0.jsonl} was
 * written by pydantic 2.13 with email-validator 2.3.0 and idna 3 (the versions of the template's uv.lock), each
 * input validated as {@code UserRegister.email} ({@code EmailStr}, max_length 255): the stored address, or the
 * reason of the one value_error.
 */
public class EmailStrTest {

    public static List<Map<String, String>> table() throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                EmailStrTest.class.getResourceAsStream("/email-validator-2.3.0.jsonl")), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                @SuppressWarnings("unchecked")
                Map<String, String> row = json.readValue(line, Map.class);
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void answersAsEmailValidatorDoes() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (Map<String, String> row : table()) {
            EmailStr.Result result = EmailStr.parse(row.get("input"));
            if (row.containsKey("email")) {
                softly.assertThat(result.email()).as("stored form of %s", row.get("input")).isEqualTo(row.get("email"));
                softly.assertThat(result.reason()).as("reason for %s", row.get("input")).isNull();
            } else {
                String reason = row.get("reason");
                // The idna package's own wording inside parentheses is not ICU's; the sentence around it is the same.
                boolean idnaDetail = reason.contains("IDNA (") || reason.contains("is invalid (");
                String expected = idnaDetail ? reason.substring(0, reason.indexOf('(')) : reason;
                softly.assertThat(result.reason()).as("reason for %s", row.get("input")).isNotNull();
                if (result.reason() != null) {
                    softly.assertThat(idnaDetail ? result.reason().substring(0, Math.min(expected.length(),
                            result.reason().length())) : result.reason())
                            .as("reason for %s", row.get("input")).isEqualTo(expected);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void theTableCoversWhatTheIssueNames() throws IOException {
        List<String> inputs = table().stream().map(row -> row.get("input")).toList();
        assertThat(inputs).contains(" a@b.com", "Bob@Example.COM", "a".repeat(65) + "@example.com",
                "user@bücher.de", "用户@例子.广告");
    }

    @Test
    void normalizedAddressesAreStable() throws IOException {
        for (Map<String, String> row : table()) {
            if (row.containsKey("email")) {
                assertThat(EmailStr.parse(row.get("email")).email()).as(row.get("input")).isEqualTo(row.get("email"));
            }
        }
    }
}
