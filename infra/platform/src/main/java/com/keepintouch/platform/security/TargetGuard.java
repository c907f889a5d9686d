package com.keepintouch.platform.security;

import com.keepintouch.platform.domain.HttpLinks;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Checks a URL this system is asked to call (a webhook endpoint, a calendar feed) against SSRF:
 * when it is given, and again before every call, because what a name resolves to can change.
 * Every address the name resolves to must be allowed. {@code what} names the target in refusals
 * ("webhooks", "calendar feeds").
 */
public final class TargetGuard {

    /** What a host name resolves to; the JDK's resolver, or a test's. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;

        static Resolver system() {
            return InetAddress::getAllByName;
        }
    }

    private final AddressPolicy policy;
    private final Resolver resolver;
    private final String what;

    public TargetGuard(AddressPolicy policy, Resolver resolver, String what) {
        this.policy = policy;
        this.resolver = resolver;
        this.what = what;
    }

    /** Why {@code url} may not be a target, or empty when it may. */
    public Optional<String> refusal(URI url) {
        Optional<String> form = formRefusal(url);
        if (form.isPresent()) {
            return form;
        }
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " cannot be resolved");
        }
        for (InetAddress address : addresses) {
            Optional<String> refused = policy.refusal(address);
            if (refused.isPresent()) {
                return Optional.of(host + " resolves to " + address.getHostAddress() + ", a " + refused.get()
                        + " address; " + what + " may not target it");
            }
        }
        return Optional.empty();
    }

    /** The checks that need no name resolution: scheme, host, no credentials. */
    public static Optional<String> formRefusal(URI url) {
        Optional<String> link = HttpLinks.formRefusal(url);
        if (link.isPresent()) {
            return link;
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("must not carry credentials in the address");
        }
        if (url.getRawFragment() != null) {
            return Optional.of("must not have a fragment");
        }
        return Optional.empty();
    }
}
