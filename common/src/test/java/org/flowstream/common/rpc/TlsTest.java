package org.flowstream.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.flowstream.common.config.DaemonConfig;
import org.flowstream.common.testing.TestDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** server.tlsKeyStore: the daemon serves HTTPS with a PKCS12 key store made here by keytool. */
class TlsTest {

    private static final String STORE_PASSWORD = "store-secret";

    @TempDir
    Path dir;

    @Test
    void aClientThatTrustsTheDaemonsCertificateCallsOverHttpsAndPlainHttpGetsNothing() throws Exception {
        Path keyStore = makeKeyStore(dir.resolve("daemon.p12"));
        DaemonConfig config = TestDaemon.config(dir);
        config.server.tlsKeyStore = keyStore.toString();
        config.server.tlsKeyStorePassword = STORE_PASSWORD;
        try (TestDaemon daemon = TestDaemon.start(config)) {
            assertThat(daemon.url().getScheme()).isEqualTo("https");
            HttpClient trusting = HttpClient.newBuilder()
                    .sslContext(trusting(keyStore))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> pong = trusting.send(
                    HttpRequest.newBuilder(daemon.url())
                            .header("Authorization", RawHttpClient.basic(TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD))
                            .POST(HttpRequest.BodyPublishers.ofString(RawHttpClient.pingCall("over tls")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(pong.statusCode()).isEqualTo(200);
            assertThat(pong.body()).contains("over tls");

            HttpResponse<String> refused = trusting.send(
                    HttpRequest.newBuilder(daemon.url())
                            .header("Authorization", RawHttpClient.basic(TestDaemon.TENANT, "guess"))
                            .POST(HttpRequest.BodyPublishers.ofString(RawHttpClient.pingCall("x")))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);

            try (RawHttpClient plain = new RawHttpClient("127.0.0.1", daemon.port())) {
                plain.send(RawHttpClient.post(
                        RawHttpClient.basic(TestDaemon.TENANT, TestDaemon.TENANT_PASSWORD),
                        RawHttpClient.pingCall("plain")));
                assertThatThrownBy(plain::readAnswer)
                        .as("plain HTTP on the TLS port is never answered as HTTP")
                        .isInstanceOf(java.io.IOException.class);
            }
        }
    }

    /** A self-signed EC key pair for 127.0.0.1, made with the JDK's own keytool. */
    private static Path makeKeyStore(Path file) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "daemon",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        file.toString(),
                        "-storepass",
                        STORE_PASSWORD,
                        "-keypass",
                        STORE_PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return file;
    }

    private static SSLContext trusting(Path keyStoreFile) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStoreFile)) {
            trusted.load(in, STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
