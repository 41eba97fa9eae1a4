package org.flowstream.contracts.records;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component that a sender may leave out (XML-RPC has no nil: an absent member says "none").
 * It then reads as null. Every component without this mark is required: {@link Structs} refuses a struct
 * that lacks it, naming the field and the message, instead of reading a silent 0 or "".
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.FIELD})
public @interface MayBeOmitted {}
