package com.keepintouch.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.keepintouch.testkit.ServiceContractIT;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifierServiceIT extends ServiceContractIT {

    @Override
    protected String apiPath() {
        return "/api/webhooks";
    }

    @Override
    protected List<String> topics() {
        return List.of("notifications.v1");
    }

    /** The operations dashboard's files are served without a token, under /ops only. */
    @Test
    void servesTheDashboardPage() {
        for (String path : List.of("/ops", "/ops/", "/ops/index.html", "/ops/ops.js", "/ops/ops.css")) {
            assertThat(http().get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(http().get("/ops").body()).contains("<html");
        assertThat(http().get("/index.html").status()).isIn(401, 404);
    }
}
