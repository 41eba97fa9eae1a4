package org.flowstream.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.flowstream.common.testing.TestDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw hostile requests against a running daemon. Each must get a clear refusal, and the daemon must go on
 * serving (checked after every test).
 */
class HostileInputTest {

    @TempDir
    static Path dir;

    static TestDaemon daemon;
    static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        daemon = TestDaemon.start(dir);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    @AfterEach
    void daemonStillServes() {
        assertThat(daemon.tenant().call("ping", "still here").value()).isEqualTo("still here");
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return post(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        String auth = Base64.getEncoder()
                .encodeToString(
                        (TestDaemon.TENANT + ":" + TestDaemon.TENANT_PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(daemon.url())
                .header("Content-Type", "text/xml")
                .header("Authorization", "Basic " + auth)
                .timeout(Duration.ofSeconds(60))
                .POST(body)
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String call(String method, String paramsXml) {
        return "<?xml version=\"1.0\"?><methodCall><methodName>" + method + "</methodName><params>" + paramsXml
                + "</params></methodCall>";
    }

    @Test
    void anExternalEntityCannotReadALocalFile() throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
                + "<methodCall><methodName>ping</methodName><params><param><value><string>&x;</string></value></param></params></methodCall>";
        HttpResponse<String> response = post(xxe);
        assertThat(response.body())
                .contains("<fault>")
                .contains("may not contain a DOCTYPE")
                .doesNotContain("TOP-SECRET-CONTENT");
    }

    @Test
    void billionLaughsIsRefusedWithoutExpanding() throws Exception {
        StringBuilder entities = new StringBuilder("<!ENTITY a0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            entities.append("<!ENTITY a%d \"&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;\">"
                    .formatted(i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1));
        }
        String bomb = "<?xml version=\"1.0\"?><!DOCTYPE m [" + entities + "]>"
                + "<methodCall><methodName>ping</methodName><params><param><value><string>&a10;</string></value></param></params></methodCall>";
        HttpResponse<String> response = post(bomb);
        assertThat(response.body()).contains("<fault>").contains("DOCTYPE");
    }

    @Test
    void aSerializedJavaObjectIsNotDeserialized() throws Exception {
        // A (harmless) serialized java.util.HashMap: the shape of every ex:serializable gadget.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(new java.util.HashMap<>(java.util.Map.of("k", "v")));
        }
        String payload = Base64.getEncoder().encodeToString(bytes.toByteArray());
        String gadget =
                "<?xml version=\"1.0\"?><methodCall xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\">"
                        + "<methodName>ping</methodName><params><param><value><ex:serializable>" + payload
                        + "</ex:serializable></value></param></params></methodCall>";
        HttpResponse<String> response = post(gadget);
        assertThat(response.body()).contains("<fault>").doesNotContain("<name>code</name>");
        assertThat(response.body()).containsIgnoringCase("serializable");
    }

    @Test
    void aHundredMegabyteBodyIsRefusedWithStatus413() throws Exception {
        long size = 100L * 1024 * 1024;
        HttpRequest.BodyPublisher huge = HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
            long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        });
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.fromPublisher(huge, size));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than").contains("server.maxRequestBytes");
    }

    @Test
    void aChunkedBodyCannotGoAroundTheLimit() throws Exception {
        String big = call("ping", "<param><value><string>" + "y".repeat(9 * 1024 * 1024) + "</string></value></param>");
        HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> response = post(chunked);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than").contains("server.maxRequestBytes");
    }

    @Test
    void truncatedXmlGetsAFaultNamingWhereItBroke() throws Exception {
        HttpResponse<String> response =
                post("<?xml version=\"1.0\"?><methodCall><methodName>ping</methodName><params><param><value><str");
        assertThat(response.body()).contains("<fault>").contains("malformed XML-RPC at line 1");
    }

    @Test
    void wrongTypesAndGarbageAreAnsweredNotCrashedOn() throws Exception {
        assertThat(post(call("get_task_result", "<param><value><double>1.5</double></value></param>"))
                        .body())
                .contains("task_id must be an int, got the double 1.5");
        assertThat(post("not xml at all").body()).contains("<fault>");
        assertThat(post("").body()).contains("<fault>");
    }

    @Test
    void getAndMissingCredentialsAreRefused() throws Exception {
        HttpResponse<String> get =
                http.send(HttpRequest.newBuilder(daemon.url()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(daemon.url())
                        .POST(HttpRequest.BodyPublishers.ofString(call("ping", "")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(URI.create(daemon.url().toString()).getHost()).isEqualTo("127.0.0.1");
    }
}
