package com.keepintouch.platform.web;

import com.keepintouch.platform.tracing.TraceContexts;
import io.swagger.v3.oas.models.media.ObjectSchema;
import org.apache.catalina.core.StandardHost;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import tools.jackson.databind.JsonNode;

/** problem+json for every error, the request size limit and the {@code traceparent} of every response, in every service. */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication
@EnableConfigurationProperties(WebProperties.class)
@Import({ProblemHandling.class, ProblemErrorController.class})
public class WebPlatformConfiguration {

    static {
        // a body taken as a JsonNode (a merge patch) is documented as the JSON object it is, not as Jackson's getters
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema());
    }

    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(WebProperties properties) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration =
                new FilterRegistrationBean<>(new RequestSizeLimitFilter(properties));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /**
     * Inside the server observation (which Boot orders first), before security: a 401 has its
     * {@code traceparent} too.
     */
    @Bean
    FilterRegistrationBean<TraceparentResponseFilter> traceparentResponseFilter(TraceContexts traces) {
        FilterRegistrationBean<TraceparentResponseFilter> registration =
                new FilterRegistrationBean<>(new TraceparentResponseFilter(traces));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    /** Errors Tomcat answers itself, before any servlet, as problem+json too. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }
}
