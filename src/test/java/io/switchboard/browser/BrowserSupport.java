package io.switchboard.browser;

import io.switchboard.testing.ServerUnderTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for the browser tests: decides whether they can run (Debian's Chromium and
 * chromedriver present), hands each test a fresh {@link Browser} and the {@link ServerUnderTest} the page comes from,
 * and closes the browser afterwards (with a screenshot of every window when the test failed).
 *
 * <p>Without Chromium the tests are skipped with one line saying how to install it; with
 * {@code -Dbrowser.required=true} a missing browser fails them instead.
 *
 * <p>System properties (set by the {@code browser-tests} Failsafe execution in the pom):
 * {@code browser.baseUrl} (the page), {@code browser.outputDir} (screenshots, profiles, logs),
 * {@code browser.required}, and optionally {@code browser.chromium} / {@code browser.chromedriver}.
 */
public final class BrowserSupport implements ExecutionCondition, ParameterResolver, AfterEachCallback {

    static final String INSTALL_HINT = "sudo apt-get install -y chromium chromium-driver";

    private static final AtomicBoolean SKIP_LINE_PRINTED = new AtomicBoolean();
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(BrowserSupport.class);

    static Path chromium() {
        return Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    }

    static Path chromedriver() {
        return Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    }

    static Path outputDir() {
        Path dir = Path.of(System.getProperty("browser.outputDir", "target/browser"));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String baseUrl() {
        String url = System.getProperty("browser.baseUrl", "http://127.0.0.1:18080/switchboard/");
        return url.endsWith("/") ? url : url + "/";
    }

    private static boolean required() {
        return Boolean.parseBoolean(System.getProperty("browser.required", "false"));
    }

    private static String missing() {
        StringBuilder sb = new StringBuilder();
        for (Path p : new Path[] {chromium(), chromedriver()}) {
            if (!Files.isExecutable(p)) {
                sb.append(sb.length() == 0 ? "" : " and ").append(p);
            }
        }
        return sb.toString();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = missing();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("Chromium found");
        }
        String line = "Browser tests skipped: " + missing + " not found. Install with: " + INSTALL_HINT
                + " (or -Dbrowser.skip=true to silence; -Dbrowser.required=true makes this an error)";
        if (required()) {
            throw new IllegalStateException("Browser tests need Chromium (-Dbrowser.required=true): "
                    + missing + " not found. Install with: " + INSTALL_HINT);
        }
        if (SKIP_LINE_PRINTED.compareAndSet(false, true)) {
            System.out.println("[WARNING] " + line);
        }
        return ConditionEvaluationResult.disabled(line);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Browser.class || type == ServerUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == ServerUnderTest.class) {
            return ServerUnderTest.at(URI.create(baseUrl()));
        }
        String name = scenarioName(context);
        return context.getStore(NS).getOrComputeIfAbsent(Browser.class,
                k -> Browser.launch(name, chromium(), chromedriver(), baseUrl(), outputDir()), Browser.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Browser browser = context.getStore(NS).remove(Browser.class, Browser.class);
        if (browser == null) {
            return;
        }
        try {
            if (context.getExecutionException().isPresent()) {
                browser.screenshotAll("FAILED");
            } else {
                browser.assertNoPageErrors();
            }
        } finally {
            browser.quit();
        }
    }

    /** "chat" for ChatPageIT, "chat-two-rooms" for ChatPageIT#twoRooms if a class has several tests. */
    private static String scenarioName(ExtensionContext context) {
        String cls = context.getRequiredTestClass().getSimpleName().replaceFirst("PageIT$", "");
        String name = cls.toLowerCase(Locale.ROOT);
        long tests = Arrays.stream(context.getRequiredTestClass().getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class)).count();
        if (tests > 1) {
            name += "-" + context.getTestMethod().map(Method::getName).orElse("test");
        }
        return name;
    }
}
