package com.keepintouch.platform.paging;

import java.util.List;

/** One page of a list, as every list endpoint answers it; {@code nextCursor} is null on the last page. */
public record Page<T>(List<T> items, String nextCursor) {}
