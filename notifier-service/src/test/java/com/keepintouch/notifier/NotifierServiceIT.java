package com.keepintouch.notifier;

import com.keepintouch.testkit.ServiceContractIT;
import java.util.List;

class NotifierServiceIT extends ServiceContractIT {

    @Override
    protected String apiPath() {
        return "/api/webhooks";
    }

    @Override
    protected List<String> topics() {
        return List.of("notifications.v1");
    }
}
