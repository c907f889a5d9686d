package com.keepintouch.reminder.library;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The library's settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LibraryProperties.class)
class LibraryConfiguration {}
