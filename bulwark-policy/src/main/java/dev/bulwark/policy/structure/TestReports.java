package dev.bulwark.policy.structure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.policy.report.Printable;
import java.util.List;

/**
 * Renders structure test results: text for people; JSON and JUnit XML in the shapes container-structure-test writes
 * (so tools that read its reports read these); and CTRF 1.0.0 (ctrf.io), the report attached to images.
 */
public final class TestReports {
    /** The in-toto predicate type of the CTRF test report attached to an image. */
    public static final String CTRF_PREDICATE_TYPE = "https://bulwark.dev/attestations/test-report/ctrf/v1";
    public static final String JUNIT_SUITE = "container-structure-test.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestReports() {
    }

    public static String text(TestSummary s) {
        StringBuilder out = new StringBuilder();
        out.append("Image: ").append(Printable.escape(s.image())).append('\n');
        for (TestResult r : s.results()) {
            out.append("=== RUN: ").append(Printable.escape(r.name())).append('\n');
            out.append(r.pass() ? "--- PASS" : "--- FAIL").append('\n');
            for (String e : r.errors()) {
                out.append("Error: ").append(Printable.escape(e)).append('\n');
            }
        }
        out.append("\nPasses:      ").append(s.passed()).append('\n');
        out.append("Failures:    ").append(s.failed()).append('\n');
        out.append("Total tests: ").append(s.results().size()).append('\n');
        out.append(s.results().isEmpty() ? "No tests run! Check the test files." : s.failed() == 0 ? "PASS" : "FAIL")
                .append('\n');
        return out.toString();
    }

    /** {@code {"Pass","Fail","Total","Duration","Results":[{"Name","Pass","Stdout"?,"Stderr"?,"Errors"?,"Duration"}]}}, durations in ns. */
    public static String json(TestSummary s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Pass", s.passed());
        root.put("Fail", s.failed());
        root.put("Total", s.results().size());
        root.put("Duration", s.durationNanos());
        if (!s.results().isEmpty()) {
            ArrayNode results = root.putArray("Results");
            for (TestResult r : s.results()) {
                ObjectNode n = results.addObject();
                n.put("Name", r.name());
                n.put("Pass", r.pass());
                if (!r.stdout().isEmpty()) {
                    n.put("Stdout", r.stdout());
                }
                if (!r.stderr().isEmpty()) {
                    n.put("Stderr", r.stderr());
                }
                if (!r.errors().isEmpty()) {
                    ArrayNode errors = n.putArray("Errors");
                    r.errors().forEach(errors::add);
                }
                n.put("Duration", r.durationNanos());
            }
        }
        return write(root, false) + "\n";
    }

    /** {@code <testsuites failures tests time><testsuite name><testcase name time><failure>…<system-out><system-err>}. */
    public static String junit(TestSummary s) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        x.append("<testsuites failures=\"").append(s.failed()).append("\" tests=\"").append(s.results().size())
                .append("\" time=\"").append(seconds(s.durationNanos())).append("\">");
        x.append("<testsuite name=\"").append(JUNIT_SUITE).append("\">");
        for (TestResult r : s.results()) {
            x.append("<testcase name=\"").append(xml(r.name())).append("\" time=\"").append(seconds(r.durationNanos()))
                    .append("\">");
            for (String e : r.errors()) {
                x.append("<failure>").append(xml(e)).append("</failure>");
            }
            x.append("<system-out>").append(xml(r.stdout())).append("</system-out>");
            x.append("<system-err>").append(xml(r.stderr())).append("</system-err>");
            x.append("</testcase>");
        }
        x.append("</testsuite></testsuites>\n");
        return x.toString();
    }

    public static ObjectNode ctrfNode(TestSummary s, String toolVersion) {
        ObjectNode root = JSON.createObjectNode();
        root.put("reportFormat", "CTRF");
        root.put("specVersion", "1.0.0");
        root.put("generatedBy", "bulwark");
        ObjectNode results = root.putObject("results");
        ObjectNode tool = results.putObject("tool");
        tool.put("name", "bulwark-structure-test");
        tool.put("version", toolVersion);
        ObjectNode summary = results.putObject("summary");
        summary.put("tests", s.results().size());
        summary.put("passed", s.passed());
        summary.put("failed", s.failed());
        summary.put("skipped", 0);
        summary.put("pending", 0);
        summary.put("other", 0);
        summary.put("start", s.startMillis());
        summary.put("stop", s.stopMillis());
        summary.put("duration", s.durationNanos() / 1_000_000);
        ArrayNode tests = results.putArray("tests");
        for (TestResult r : s.results()) {
            ObjectNode t = tests.addObject();
            t.put("name", r.name());
            t.put("status", r.pass() ? "passed" : "failed");
            t.put("duration", r.durationNanos() / 1_000_000);
            if (!r.errors().isEmpty()) {
                t.put("message", String.join("\n", r.errors()));
            }
            if (!r.file().isEmpty()) {
                t.put("filePath", r.file());
            }
            t.put("type", "structure");
            lines(t, "stdout", r.stdout());
            lines(t, "stderr", r.stderr());
        }
        ObjectNode extra = results.putObject("extra");
        extra.put("image", s.image());
        return root;
    }

    public static String ctrf(TestSummary s, String toolVersion) {
        return write(ctrfNode(s, toolVersion), true) + "\n";
    }

    private static void lines(ObjectNode t, String key, String text) {
        if (!text.isEmpty()) {
            ArrayNode a = t.putArray(key);
            List.of(text.split("\n", -1)).forEach(a::add);
        }
    }

    /** Seconds as Go's strconv.FormatFloat(f, 'g', -1, 64) writes them in XML: 2e-09, 0.5, 12.25. */
    static String seconds(long nanos) {
        double s = nanos / 1e9;
        if (s == 0) {
            return "0";
        }
        if (s < 1e-4 || s >= 1e21) {
            String e = String.format(java.util.Locale.ROOT, "%.16e", s);
            java.math.BigDecimal mantissa = new java.math.BigDecimal(e.substring(0, e.indexOf('e'))).stripTrailingZeros();
            int exp = Integer.parseInt(e.substring(e.indexOf('e') + 1));
            return mantissa.toPlainString() + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        return new java.math.BigDecimal(Double.toString(s)).stripTrailingZeros().toPlainString();
    }

    private static String xml(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&#34;");
                case '\'' -> b.append("&#39;");
                case '\n' -> b.append("&#xA;");
                case '\t' -> b.append("&#x9;");
                case '\r' -> b.append("&#xD;");
                default -> {
                    if (c < 0x20) {
                        b.append('\uFFFD'); // not representable in XML 1.0, as Go's encoder does
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String write(ObjectNode n, boolean pretty) {
        try {
            return pretty ? JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n)
                    : JSON.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot render a JSON tree", e);
        }
    }
}
