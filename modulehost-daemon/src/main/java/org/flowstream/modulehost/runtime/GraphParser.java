package org.flowstream.modulehost.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.flowstream.contracts.click.ClickArguments;

/**
 * Parses the Click-style text of a PM's element graph:
 *
 * <pre>
 * // comments, and /* block comments *&#47;
 * in  :: FromDevice(p0);
 * fw  :: IPFilter(deny tcp dst port 22, allow all);
 * in -> fw -> Counter -> ToDevice(p1);
 * fw[1] -> Discard;          // output 1 of fw
 * t[1] -> [0]other;          // explicit ports
 * </pre>
 *
 * A chain ends at ';' or where the next token is not '->'. A name not declared with '::' is an anonymous
 * element of that type. The argument list is Click configuration text, split and unquoted by {@link
 * ClickArguments} exactly as the allocation language and the resource daemon write it; this class reads only
 * the graph around it (declarations and connections). Errors read "line:column: error: message".
 */
public final class GraphParser {

    private enum Kind {
        IDENT,
        NUMBER,
        ARGS,
        ARROW,
        DECLARE,
        LBRACKET,
        RBRACKET,
        SEMI,
        END
    }

    private record Token(Kind kind, String text, int line, int column) {}

    private record Ref(String name, int inPort, int outPort, int line, int column) {}

    private final String source;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private final List<GraphConfig.Declaration> declarations = new ArrayList<>();
    private final Map<String, GraphConfig.Declaration> byName = new HashMap<>();
    private final List<GraphConfig.Connection> connections = new ArrayList<>();
    private final java.util.Set<String> declaredNames = new java.util.HashSet<>();
    private int anonymous;

    private GraphParser(String source) {
        this.source = source;
    }

    public static GraphConfig parse(String text) throws ConfigException {
        GraphParser parser = new GraphParser(text == null ? "" : text);
        parser.tokenize();
        parser.statements();
        if (parser.declarations.isEmpty()) {
            throw new ConfigException("1:1: error: the configuration declares no elements");
        }
        return new GraphConfig(List.copyOf(parser.declarations), List.copyOf(parser.connections));
    }

    // ---- tokens ----

    private void tokenize() throws ConfigException {
        int i = 0;
        int line = 1;
        int lineStart = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            int column = i - lineStart + 1;
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (source.startsWith("//", i) || c == '#') {
                while (i < source.length() && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                if (end < 0) {
                    throw error(line, column, "unterminated /* comment");
                }
                for (int k = i; k < end; k++) {
                    if (source.charAt(k) == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                }
                i = end + 2;
            } else if (source.startsWith("->", i)) {
                tokens.add(new Token(Kind.ARROW, "->", line, column));
                i += 2;
            } else if (source.startsWith("::", i)) {
                tokens.add(new Token(Kind.DECLARE, "::", line, column));
                i += 2;
            } else if (c == '[' || c == ']' || c == ';') {
                tokens.add(new Token(
                        c == '[' ? Kind.LBRACKET : c == ']' ? Kind.RBRACKET : Kind.SEMI,
                        String.valueOf(c),
                        line,
                        column));
                i++;
            } else if (c == '(') {
                int close = ClickArguments.closingParenthesis(source, i);
                if (close < 0) {
                    throw error(line, column, "unbalanced '(': the argument list is not closed");
                }
                tokens.add(new Token(Kind.ARGS, source.substring(i + 1, close), line, column));
                for (int k = i; k < close; k++) {
                    if (source.charAt(k) == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                }
                i = close + 1;
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < source.length() && Character.isDigit(source.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, source.substring(start, i), line, column));
            } else if (Character.isLetter(c) || c == '_' || c == '@') {
                int start = i;
                while (i < source.length()
                        && (Character.isLetterOrDigit(source.charAt(i)) || "_@.".indexOf(source.charAt(i)) >= 0)) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, source.substring(start, i), line, column));
            } else {
                throw error(line, column, "unexpected character '" + c + "'");
            }
        }
        tokens.add(new Token(Kind.END, "end of configuration", line, i - lineStart + 1));
    }

    // ---- grammar ----

    private void statements() throws ConfigException {
        // Names declared anywhere, so that chains may name elements declared further down.
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).kind == Kind.IDENT && tokens.get(i + 1).kind == Kind.DECLARE) {
                declaredNames.add(tokens.get(i).text);
            }
        }
        while (peek().kind != Kind.END) {
            if (peek().kind == Kind.SEMI) {
                pos++;
                continue;
            }
            chain();
        }
    }

    private void chain() throws ConfigException {
        Ref previous = element();
        while (peek().kind == Kind.ARROW) {
            Token arrow = next();
            Ref current = element();
            connections.add(new GraphConfig.Connection(
                    previous.name,
                    Math.max(previous.outPort, 0),
                    current.name,
                    Math.max(current.inPort, 0),
                    arrow.line,
                    arrow.column));
            previous = current;
        }
        if (peek().kind == Kind.SEMI) {
            pos++;
        }
    }

    private Ref element() throws ConfigException {
        int inPort = -1;
        if (peek().kind == Kind.LBRACKET) {
            inPort = portNumber();
        }
        Token ident = next();
        if (ident.kind != Kind.IDENT) {
            throw error(ident.line, ident.column, "expected an element name or type, found '" + ident.text + "'");
        }
        String name;
        if (peek().kind == Kind.DECLARE) {
            next();
            Token type = next();
            if (type.kind != Kind.IDENT) {
                throw error(type.line, type.column, "expected an element type after '::', found '" + type.text + "'");
            }
            List<String> args = peek().kind == Kind.ARGS ? ClickArguments.values(next().text) : List.of();
            if (byName.containsKey(ident.text)) {
                GraphConfig.Declaration first = byName.get(ident.text);
                throw error(
                        ident.line,
                        ident.column,
                        "element '%s' is already declared at line %d".formatted(ident.text, first.line()));
            }
            declare(new GraphConfig.Declaration(ident.text, type.text, args, ident.line, ident.column));
            name = ident.text;
        } else if (peek().kind == Kind.ARGS || !declaredNames.contains(ident.text)) {
            List<String> args = peek().kind == Kind.ARGS ? ClickArguments.values(next().text) : List.of();
            if (!Character.isUpperCase(ident.text.charAt(0))) {
                throw error(
                        ident.line,
                        ident.column,
                        "'%s' is neither a declared element nor an element type (types start with a capital letter)"
                                .formatted(ident.text));
            }
            name = ident.text + "@" + (++anonymous);
            declare(new GraphConfig.Declaration(name, ident.text, args, ident.line, ident.column));
        } else {
            name = ident.text;
        }
        int outPort = -1;
        if (peek().kind == Kind.LBRACKET) {
            outPort = portNumber();
        }
        return new Ref(name, inPort, outPort, ident.line, ident.column);
    }

    private void declare(GraphConfig.Declaration declaration) {
        declarations.add(declaration);
        byName.put(declaration.name(), declaration);
    }

    private int portNumber() throws ConfigException {
        next();
        Token number = next();
        if (number.kind != Kind.NUMBER) {
            throw error(number.line, number.column, "expected a port number inside [ ], found '" + number.text + "'");
        }
        Token close = next();
        if (close.kind != Kind.RBRACKET) {
            throw error(close.line, close.column, "expected ']', found '" + close.text + "'");
        }
        return Integer.parseInt(number.text);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != Kind.END) {
            pos++;
        }
        return t;
    }

    private static ConfigException error(int line, int column, String message) {
        return new ConfigException("%d:%d: error: %s".formatted(line, column, message));
    }
}
