package com.keepintouch.notifier.webhook;

import static com.keepintouch.platform.system.StoredValues.date;
import static com.keepintouch.platform.system.StoredValues.flag;
import static com.keepintouch.platform.system.StoredValues.instant;
import static com.keepintouch.platform.system.StoredValues.longValue;
import static com.keepintouch.platform.system.StoredValues.putIfPresent;
import static com.keepintouch.platform.system.StoredValues.strings;

import com.keepintouch.platform.system.DocumentMapper;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.bson.Document;

/**
 * An endpoint as a document of the {@code endpoints} collection; the field names the queries and
 * updates use too. Its health (why and when it was disabled, since when it fails) is written by
 * {@link Endpoints}' updates and so is in a document only while it has one.
 */
final class EndpointDocuments implements DocumentMapper<Endpoint> {

    static final String ID = "_id";
    static final String OWNER_ID = "ownerId";
    static final String FIRM_WIDE = "firmWide";
    static final String URL = "url";
    static final String DESCRIPTION = "description";
    static final String EVENT_TYPES = "eventTypes";
    static final String ENABLED = "enabled";
    static final String DISABLED_REASON = "disabledReason";
    static final String DISABLED_DETAIL = "disabledDetail";
    static final String DISABLED_AT = "disabledAt";
    static final String FAILING_SINCE = "failingSince";
    static final String SECRETS = "secrets";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String VERSION = "version";

    // the fields of a secret's sub-document
    static final String SEALED = "sealed";
    static final String SECRET_CREATED_AT = "createdAt";
    static final String EXPIRES_AT = "expiresAt";

    @Override
    public Document toDocument(Endpoint endpoint) {
        Document document = new Document(ID, endpoint.id())
                .append(OWNER_ID, endpoint.ownerId())
                .append(FIRM_WIDE, endpoint.firmWide())
                .append(URL, endpoint.url().toString())
                .append(DESCRIPTION, endpoint.description())
                .append(EVENT_TYPES, List.copyOf(endpoint.eventTypes()))
                .append(ENABLED, endpoint.enabled())
                .append(
                        SECRETS,
                        endpoint.secrets().stream()
                                .map(EndpointDocuments::secretDocument)
                                .toList())
                .append(CREATED_AT, date(endpoint.createdAt()))
                .append(UPDATED_AT, date(endpoint.updatedAt()))
                .append(VERSION, endpoint.version());
        putIfPresent(document, DISABLED_REASON, endpoint.disabledReason());
        putIfPresent(document, DISABLED_DETAIL, endpoint.disabledDetail());
        putIfPresent(document, DISABLED_AT, date(endpoint.disabledAt()));
        putIfPresent(document, FAILING_SINCE, date(endpoint.failingSince()));
        return document;
    }

    @Override
    public Endpoint fromDocument(Document d) {
        List<Endpoint.Secret> secrets = d.getList(SECRETS, Document.class, List.of()).stream()
                .map(EndpointDocuments::secret)
                .toList();
        return new Endpoint(
                d.getString(ID),
                d.getString(OWNER_ID),
                flag(d, FIRM_WIDE),
                URI.create(d.getString(URL)),
                d.getString(DESCRIPTION),
                Set.copyOf(strings(d, EVENT_TYPES)),
                flag(d, ENABLED),
                d.getString(DISABLED_REASON),
                d.getString(DISABLED_DETAIL),
                instant(d, DISABLED_AT),
                instant(d, FAILING_SINCE),
                secrets,
                instant(d, CREATED_AT),
                instant(d, UPDATED_AT),
                longValue(d, VERSION));
    }

    private static Document secretDocument(Endpoint.Secret secret) {
        return new Document(SEALED, secret.sealed())
                .append(SECRET_CREATED_AT, date(secret.createdAt()))
                .append(EXPIRES_AT, date(secret.expiresAt()));
    }

    private static Endpoint.Secret secret(Document s) {
        return new Endpoint.Secret(s.getString(SEALED), instant(s, SECRET_CREATED_AT), instant(s, EXPIRES_AT));
    }
}
