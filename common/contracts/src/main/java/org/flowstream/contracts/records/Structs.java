package org.flowstream.contracts.records;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one mapper between the records of this package and XML-RPC values. Keys on the wire are the record
 * components in snake_case ({@code cpuCores} is {@code cpu_cores}) unless a component says otherwise with
 * {@code @JsonProperty}. Reading is strict, because a hand-written reader that turned a missing key into 0 let
 * a renamed field pass unnoticed: every component is required unless marked {@link MayBeOmitted}, a key the
 * record does not know is refused, and so is a value of the wrong type. Each refusal is a
 * {@link WireFormatException} naming the message and the field.
 */
public final class Structs {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .annotationIntrospector(new RequiredUnlessMarked())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(WholeNumber.module())
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final Pattern MISSING = Pattern.compile("^Missing required creator property '([^']+)'");

    private Structs() {}

    /** Whether {@code type} is a message record of the contracts (it carries {@link WireName}). */
    public static boolean isMessage(Class<?> type) {
        return type.isRecord() && type.isAnnotationPresent(WireName.class);
    }

    /** {@code message} as an XML-RPC struct (ints, doubles, strings, booleans, structs and arrays only). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> toStruct(Object message) {
        Map<String, Object> tree = MAPPER.convertValue(message, LinkedHashMap.class);
        return (Map<String, Object>) WireValues.toWire(tree);
    }

    /** Every message of {@code messages} as a struct, as an XML-RPC array. */
    public static Object[] toArray(Collection<?> messages) {
        return messages.stream().map(Structs::toStruct).toArray();
    }

    /** Reads {@code value} (an XML-RPC struct) as a {@code type}, or says in words why it is not one. */
    public static <T> T fromStruct(Object value, Class<T> type) {
        if (!(value instanceof Map<?, ?>)) {
            throw new WireFormatException(
                    "%s must be a struct, got %s".formatted(name(type), WireValues.describe(value)));
        }
        try {
            return MAPPER.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonMappingException mapping) {
                throw new WireFormatException(name(type) + ": " + explain(mapping, value));
            }
            throw e;
        }
    }

    /** Reads {@code value} (an XML-RPC array of structs) as a list of {@code type}. */
    public static <T> List<T> fromArray(Object value, Class<T> type) {
        List<?> items = switch (value) {
            case Object[] a -> List.of(a);
            case List<?> l -> l;
            default ->
                throw new WireFormatException(
                        "a list of %s must be an array, got %s".formatted(name(type), WireValues.describe(value)));
        };
        List<T> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                out.add(fromStruct(items.get(i), type));
            } catch (WireFormatException e) {
                throw new WireFormatException("item %d: %s".formatted(i, e.getMessage()));
            }
        }
        return out;
    }

    /** The message's name in errors: its {@link WireName}, else the record's simple name. */
    public static String name(Class<?> type) {
        WireName name = type.getAnnotation(WireName.class);
        return name != null ? name.value() : type.getSimpleName();
    }

    private static String explain(JsonMappingException e, Object input) {
        String field = path(e);
        return switch (e) {
            case MismatchedInputException m
            when missing(m) != null ->
                "field '%s' is missing".formatted(field.endsWith(missing(m)) ? field : field + "." + missing(m));
            case UnrecognizedPropertyException u ->
                "unknown field '%s' (known: %s)"
                        .formatted(
                                field,
                                String.join(
                                        ", ",
                                        u.getKnownPropertyIds().stream()
                                                .map(String::valueOf)
                                                .sorted()
                                                .toList()));
            case MismatchedInputException m
            when m.getTargetType() != null ->
                "field '%s' must be %s, got %s"
                        .formatted(field, kind(m.getTargetType()), WireValues.describe(valueAt(input, e.getPath())));
            default -> "field '%s' cannot be read: %s".formatted(field, e.getOriginalMessage());
        };
    }

    /**
     * The creator property Jackson found missing, or null. Jackson 2 reports it as a plain input mismatch, so it is
     * told apart by its (stable) message.
     */
    private static String missing(MismatchedInputException e) {
        Matcher m = MISSING.matcher(e.getOriginalMessage());
        return m.find() ? m.group(1) : null;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static Object valueAt(Object input, List<JsonMappingException.Reference> path) {
        Object at = input;
        for (JsonMappingException.Reference ref : path) {
            at = switch (at) {
                case Map<?, ?> m when ref.getFieldName() != null -> m.get(ref.getFieldName());
                case Object[] a when ref.getIndex() >= 0 && ref.getIndex() < a.length -> a[ref.getIndex()];
                case List<?> l when ref.getIndex() >= 0 && ref.getIndex() < l.size() -> l.get(ref.getIndex());
                default -> null;
            };
        }
        return at;
    }

    /** The XML-RPC kind a Java type is read from, in words. */
    private static String kind(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an int";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "a struct";
    }

    /** Every constructor parameter of a record is required unless it carries {@link MayBeOmitted}. */
    private static final class RequiredUnlessMarked extends JacksonAnnotationIntrospector {

        @Override
        public Boolean hasRequiredMarker(AnnotatedMember member) {
            if (member instanceof AnnotatedParameter p && p.getDeclaringClass().isRecord()) {
                return !p.hasAnnotation(MayBeOmitted.class);
            }
            return super.hasRequiredMarker(member);
        }
    }

    /**
     * An int or a long from an XML-RPC int, or from a double without a fractional part (a long past 32 bits travels
     * as one, and some clients write every number as a double). Jackson's own readers truncate 3.5 to 3: a port or
     * a size of 3.5 is refused here instead, and so is a number out of the field's range.
     */
    private static final class WholeNumber extends StdScalarDeserializer<Number> {

        private final long min;
        private final long max;
        private final Number absent;

        private WholeNumber(Class<?> type, long min, long max, Number absent) {
            super(type);
            this.min = min;
            this.max = max;
            this.absent = absent;
        }

        static SimpleModule module() {
            SimpleModule module = new SimpleModule("whole-numbers");
            add(module, int.class, new WholeNumber(int.class, Integer.MIN_VALUE, Integer.MAX_VALUE, 0));
            add(module, Integer.class, new WholeNumber(Integer.class, Integer.MIN_VALUE, Integer.MAX_VALUE, null));
            add(module, long.class, new WholeNumber(long.class, Long.MIN_VALUE, Long.MAX_VALUE, 0L));
            add(module, Long.class, new WholeNumber(Long.class, Long.MIN_VALUE, Long.MAX_VALUE, null));
            return module;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static void add(SimpleModule module, Class<?> type, WholeNumber reader) {
            module.addDeserializer((Class) type, reader);
        }

        @Override
        public Number deserialize(JsonParser p, DeserializationContext ctxt) throws java.io.IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return inRange(p.getLongValue(), p, ctxt);
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                double d = p.getDoubleValue();
                if (d == Math.rint(d) && d >= -0x1p63 && d < 0x1p63) {
                    return inRange((long) d, p, ctxt);
                }
            }
            return (Number) ctxt.handleUnexpectedToken(handledType(), p);
        }

        private Number inRange(long value, JsonParser p, DeserializationContext ctxt) throws java.io.IOException {
            if (value < min || value > max) {
                return (Number) ctxt.handleUnexpectedToken(handledType(), p);
            }
            return max == Integer.MAX_VALUE ? (Number) (int) value : (Number) value;
        }

        @Override
        public Number getNullValue(DeserializationContext ctxt) {
            return absent; // an omitted optional int reads as 0, as Jackson's own reader has it
        }
    }
}
