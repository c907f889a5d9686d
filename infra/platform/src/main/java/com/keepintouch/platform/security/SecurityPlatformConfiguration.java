package com.keepintouch.platform.security;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code /api/**} call needs a bearer JWT with scope recruiter, ops or admin; health,
 * Prometheus and the OpenAPI documents are open. Stateless: no session, no CSRF token.
 */
@AutoConfiguration(
        beforeName =
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
@ConditionalOnWebApplication
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityPlatformConfiguration {

    /** Paths that answer without a token. */
    public static final String[] OPEN_PATHS = {
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/prometheus",
        "/actuator/info",
        "/v3/api-docs",
        "/v3/api-docs/**",
        "/swagger-ui.html",
        "/swagger-ui/**",
        "/error"
    };

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        if (properties.usesIssuer()) {
            return JwtDecoders.fromIssuerLocation(properties.issuerUri());
        }
        String secret = properties.jwtSecret();
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < SecurityProperties.MIN_SECRET_BYTES) {
            throw new IllegalStateException("KIT_SECURITY_JWTSECRET (kit.security.jwt-secret) must be at least "
                    + SecurityProperties.MIN_SECRET_BYTES + " bytes for HS256, or set JWT_ISSUER_URI");
        }
        return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
    }

    /**
     * No Micrometer observation around each filter of the security chain, nor around
     * authentication and authorization: about 15 observations per request that nothing reads (the
     * dashboard uses {@code http_server_requests}, which stays). {@code kit.security.observations=true}
     * turns them back on.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "kit.security.observations", havingValue = "false", matchIfMissing = true)
    SecurityObservationSettings kitSecurityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    static {
        // a parameter the CallerArgumentResolver fills from the token, not a query parameter of the API
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    private static String[] open(SecurityProperties properties) {
        return Stream.concat(Arrays.stream(OPEN_PATHS), properties.pages().stream())
                .toArray(String[]::new);
    }

    /** Picked up by Spring Security's filter chain proxy: a path its firewall refuses is a 400 problem too. */
    @Bean
    @ConditionalOnMissingBean
    RequestRejectedHandler requestRejectedHandler(JsonMapper jsonMapper) {
        return new ProblemResponses(jsonMapper).rejected();
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityFilterChain apiSecurity(HttpSecurity http, JsonMapper jsonMapper, SecurityProperties properties)
            throws Exception {
        ProblemResponses problems = new ProblemResponses(jsonMapper);
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.requestMatchers(open(properties))
                        .permitAll()
                        // Scopes before ownership: ops reads everything and changes nothing, so a change
                        // with an ops token is 403 whatever it names, before any owner is looked at.
                        .requestMatchers(HttpMethod.GET, "/api/**")
                        .hasAnyAuthority(Scope.RECRUITER.authority(), Scope.OPS.authority(), Scope.ADMIN.authority())
                        .requestMatchers(HttpMethod.HEAD, "/api/**")
                        .hasAnyAuthority(Scope.RECRUITER.authority(), Scope.OPS.authority(), Scope.ADMIN.authority())
                        .requestMatchers("/api/**")
                        .hasAnyAuthority(Scope.RECRUITER.authority(), Scope.ADMIN.authority())
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> {})
                        .authenticationEntryPoint(problems.unauthorized())
                        .accessDeniedHandler(problems.forbidden()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems.unauthorized())
                        .accessDeniedHandler(problems.forbidden()));
        return http.build();
    }

    @Bean
    WebMvcConfigurer callerParameter() {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerArgumentResolver());
            }
        };
    }
}
