package com.keepintouch.reminder;

import com.keepintouch.testkit.ServiceContractIT;
import java.util.List;

class ReminderServiceIT extends ServiceContractIT {

    @Override
    protected String apiPath() {
        return "/api/relationships";
    }

    @Override
    protected List<String> topics() {
        return List.of("relationships.v1");
    }
}
