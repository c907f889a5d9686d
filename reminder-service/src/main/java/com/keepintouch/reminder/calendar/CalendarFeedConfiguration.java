package com.keepintouch.reminder.calendar;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The calendar feeds' settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CalendarFeedProperties.class)
class CalendarFeedConfiguration {}
