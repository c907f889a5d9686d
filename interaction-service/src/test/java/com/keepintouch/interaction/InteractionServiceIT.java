package com.keepintouch.interaction;

import com.keepintouch.testkit.ServiceContractIT;
import java.util.List;

class InteractionServiceIT extends ServiceContractIT {

    @Override
    protected String apiPath() {
        return "/api/interactions";
    }

    @Override
    protected List<String> topics() {
        return List.of("interactions.v1", "contacts.v1");
    }
}
