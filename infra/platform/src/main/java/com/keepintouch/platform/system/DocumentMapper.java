package com.keepintouch.platform.system;

import org.bson.Document;

/**
 * How one stored type becomes a MongoDB document and back: the one mapping approach of every
 * repository. A mapper is written next to its repository, with field names as constants where a
 * query names them too, and reads values through {@link StoredValues} so that every collection
 * stores instants, enums and numbers alike.
 */
public interface DocumentMapper<T> {

    Document toDocument(T value);

    T fromDocument(Document document);
}
