package dev.latchkey.testing;

import dev.latchkey.LatchkeyApplication;
import dev.latchkey.LatchkeyConfiguration;
import dev.latchkey.http.OutboundHttp;
import io.dropwizard.core.setup.Environment;
import java.time.Duration;

/** The real application, sending through {@link JdkOutboundHttp} so that it reaches loopback test peers. */
public class LoopbackLatchkeyApplication extends LatchkeyApplication {

    /** Entry point of the child JVM in the crash test. */
    public static void main(String[] args) throws Exception {
        System.setProperty("h2.bindAddress", "127.0.0.1");
        new LoopbackLatchkeyApplication().run(args);
    }

    @Override
    protected OutboundHttp outboundHttp(LatchkeyConfiguration config, Environment environment) {
        return new JdkOutboundHttp(Duration.ofMillis(config.getEgress().getReadTimeout().toMilliseconds()));
    }
}
