package org.flowstream.lang.ast;

import org.flowstream.contracts.click.diag.SourcePos;

/** A {@code KEY=value} line before the elements, e.g. {@code BASESYS=xen.clickos}. */
public record HeaderLine(String key, String value, SourcePos pos) {}
