package com.keepintouch.notifier.webhook;

import com.keepintouch.platform.domain.RequestRefused;
import com.keepintouch.platform.security.Caller;
import org.springframework.stereotype.Component;

/** Who may see and change an endpoint; an endpoint of another owner is 404, as if it did not exist. */
@Component
public class EndpointAccess {

    private final Endpoints endpoints;

    EndpointAccess(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The endpoint if the caller may see it: their own, or any for ops and admin. */
    public Endpoint readable(Caller caller, String id) {
        Endpoint endpoint = endpoints.find(id).orElseThrow(() -> RequestRefused.notFound("webhook endpoint", id));
        if (!caller.readsAllOwners() && !caller.userId().equals(endpoint.ownerId())) {
            throw RequestRefused.notFound("webhook endpoint", id);
        }
        return endpoint;
    }

    /** The endpoint if the caller may change it: their own, or any for admin; ops only reads. */
    public Endpoint changeable(Caller caller, String id) {
        Endpoint endpoint = readable(caller, id);
        if (!caller.mayAccess(endpoint.ownerId())) {
            throw RequestRefused.forbidden("ops may read endpoints, not change them");
        }
        if (endpoint.firmWide() && !caller.isAdmin()) {
            throw RequestRefused.forbidden("only an admin manages firm-wide endpoints");
        }
        return endpoint;
    }
}
