package example.hello;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;

/** Prints one JSON line with jackson-core: proof that the jar and its dependency are both in the image. */
public final class Hello {
    private Hello() {
    }

    public static void main(String[] args) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("hello", "from java-app");
            json.writeStringField("java", System.getProperty("java.version"));
            json.writeStringField("user", System.getProperty("user.name"));
            json.writeEndObject();
        }
        System.out.println(out);
    }
}
