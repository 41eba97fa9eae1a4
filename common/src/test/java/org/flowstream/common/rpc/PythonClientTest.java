package org.flowstream.common.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.flowstream.common.testing.TestDaemon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daemon must serve any XML-RPC client: here Python's standard xmlrpc.client, as tenants' scripts use it, and
 * what it shows of refusals (a wrong password, an unknown method, an oversized body) must read clearly.
 */
class PythonClientTest {

    @TempDir
    static Path dir;

    static TestDaemon daemon;

    @BeforeAll
    static void start() throws Exception {
        daemon = TestDaemon.start(dir);
    }

    @AfterAll
    static void stop() {
        daemon.close();
    }

    @Test
    void pythonDrivesCommandsTasksAndSeesFailures() throws Exception {
        String script = """
                import base64, sys, time, xmlrpc.client
                port = int(sys.argv[1])
                s = xmlrpc.client.ServerProxy("http://alice:alice-secret@127.0.0.1:%d/RPC2" % port)
                r = s.ping({"n": 1, "tags": ["a", "b"]})
                assert r == {"code": 0, "message": "pong", "value": {"n": 1, "tags": ["a", "b"]}}, r
                assert "run_task" in s.system.listMethods()
                t = s.run_task("ping", 42, "high")
                assert t["code"] == -1, t
                while True:
                    r = s.get_task_result(t["value"])
                    if r["code"] != -1:
                        break
                    time.sleep(0.01)
                assert r == {"code": 0, "message": "pong", "value": 42}, r
                r = s.upgrade({"common/X.java": "class X {}"})
                assert r["code"] == 1 and "for operators" in r["message"], r
                bad = xmlrpc.client.ServerProxy("http://alice:wrong@127.0.0.1:%d/RPC2" % port)
                try:
                    bad.ping()
                    raise SystemExit("wrong password accepted")
                except xmlrpc.client.ProtocolError as e:
                    assert e.errcode == 401 and e.errmsg == "wrong user or password", (e.errcode, e.errmsg)
                r = s.no_such_method(1)
                assert r["code"] == 1 and "no task or command named 'no_such_method'" in r["message"], r
                assert "/" not in r["message"] and "Exception" not in r["message"], r
                # A body over server.maxRequestBytes gets 413, whether it declares its length or comes chunked.
                import http.client
                auth = {"Authorization": "Basic " + base64.b64encode(b"alice:alice-secret").decode(), "Content-Type": "text/xml"}
                big = b"<?xml version='1.0'?><methodCall><methodName>ping</methodName><params><param><value><string>" + b"y" * (9 << 20)
                for chunked in (False, True):
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                    body = iter([big[i:i + 65536] for i in range(0, len(big), 65536)]) if chunked else big
                    c.request("POST", "/RPC2", body=body, headers=auth, encode_chunked=chunked)
                    a = c.getresponse()
                    text = a.read().decode()
                    assert a.status == 413 and a.reason == "request body too large", (chunked, a.status, a.reason)
                    assert "larger than the 8388608 bytes" in text, text
                    c.close()
                assert s.ping("after")["value"] == "after"
                print("python client ok")
                """;
        Path file = dir.resolve("client.py");
        Files.writeString(file, script);
        Process python;
        try {
            python = new ProcessBuilder("python3", file.toString(), String.valueOf(daemon.port()))
                    .redirectErrorStream(true)
                    .start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "python3 is not installed: " + e.getMessage());
            return;
        }
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output).contains("python client ok");
        assertThat(python.exitValue()).as(output).isZero();
    }
}
