package com.keepintouch.contact.audit;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The filter that audits what the security chain refuses, placed just outside that chain. */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    /** Spring Security's filter chain is registered at order -100 ({@code spring.security.filter.order}). */
    static final int OUTSIDE_SECURITY = -101;

    @Bean
    FilterRegistrationBean<RefusedByScope> refusedByScope(AuditTrail audit) {
        FilterRegistrationBean<RefusedByScope> registration = new FilterRegistrationBean<>(new RefusedByScope(audit));
        registration.setOrder(OUTSIDE_SECURITY);
        registration.addUrlPatterns("/api/contacts/*");
        return registration;
    }
}
