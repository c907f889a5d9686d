package com.keepintouch.notifier.ops;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code /ops}: the operations dashboard, a static page ({@code static/ops}) that reads {@code
 * /api/ops/summary} with the token the operator gives it. The page is served without a token
 * ({@code kit.security.pages}); every figure on it needs the {@code ops} or {@code admin} scope.
 */
@Configuration(proxyBeanMethods = false)
class DashboardPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/ops").setViewName("forward:/ops/index.html");
        registry.addViewController("/ops/").setViewName("forward:/ops/index.html");
    }
}
