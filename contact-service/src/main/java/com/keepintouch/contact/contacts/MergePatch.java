package com.keepintouch.contact.contacts;

import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** JSON Merge Patch (RFC 7386): null removes a member, objects merge, anything else replaces. */
final class MergePatch {

    private MergePatch() {}

    static void apply(ObjectNode target, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> member : patch.properties()) {
            JsonNode value = member.getValue();
            if (value.isNull()) {
                target.remove(member.getKey());
            } else if (value.isObject() && target.get(member.getKey()) instanceof ObjectNode nested) {
                apply(nested, (ObjectNode) value);
            } else {
                target.set(member.getKey(), value);
            }
        }
    }

    /** The field a mapping failure is about, for the problem document. */
    static String field(JacksonException e) {
        if (e instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            return databind.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
        }
        return "body";
    }
}
