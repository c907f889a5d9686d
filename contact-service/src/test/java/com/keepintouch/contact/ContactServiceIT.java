package com.keepintouch.contact;

import com.keepintouch.testkit.ServiceContractIT;
import java.util.List;

class ContactServiceIT extends ServiceContractIT {

    @Override
    protected String apiPath() {
        return "/api/contacts";
    }

    @Override
    protected List<String> topics() {
        return List.of("contacts.v1", "erasures.v1", "audit.v1");
    }
}
