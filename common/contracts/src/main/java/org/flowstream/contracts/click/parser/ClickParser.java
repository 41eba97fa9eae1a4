package org.flowstream.contracts.click.parser;

import java.util.ArrayList;
import java.util.List;
import org.flowstream.contracts.click.ast.Chain;
import org.flowstream.contracts.click.ast.ClassRef;
import org.flowstream.contracts.click.ast.CompoundBody;
import org.flowstream.contracts.click.ast.ConfigText;
import org.flowstream.contracts.click.ast.Declaration;
import org.flowstream.contracts.click.ast.Define;
import org.flowstream.contracts.click.ast.ElementClassDef;
import org.flowstream.contracts.click.ast.ElementExpr;
import org.flowstream.contracts.click.ast.Endpoint;
import org.flowstream.contracts.click.ast.Formal;
import org.flowstream.contracts.click.ast.Name;
import org.flowstream.contracts.click.ast.PortList;
import org.flowstream.contracts.click.ast.Require;
import org.flowstream.contracts.click.ast.Statement;
import org.flowstream.contracts.click.diag.DiagnosticSink;
import org.flowstream.contracts.click.lexer.Lexer;
import org.flowstream.contracts.click.lexer.Token;
import org.flowstream.contracts.click.lexer.TokenKind;

/**
 * Recursive-descent parser for Click's language: declarations, connections with ports, compound elements
 * ({@code elementclass}, {@code { ... }} with formals), {@code require} and {@code define}; configuration
 * strings stay raw text ({@link org.flowstream.contracts.click.ClickArguments} splits them). It knows no
 * element classes and gives statements no meaning: the allocation language builds requests on it, the module
 * host builds PM graphs on it. A malformed statement is reported and skipped up to the next statement
 * boundary, so one run lists every syntax error.
 */
public final class ClickParser {

    private static final int MAX_PORT_DIGITS = 6;
    /** Deeper compound nesting is refused, so that hostile input cannot exhaust the parser's stack. */
    private static final int MAX_NESTING = 64;

    private final TokenStream tokens;
    private final DiagnosticSink diagnostics;
    private int nesting;

    private ClickParser(List<Token> tokens, DiagnosticSink diagnostics) {
        this.tokens = new TokenStream(tokens);
        this.diagnostics = diagnostics;
    }

    /** Parses a whole Click text; problems go to {@code diagnostics}, the result is never null. */
    public static List<Statement> parse(String text, DiagnosticSink diagnostics) {
        return parse(text, 0, 1, diagnostics);
    }

    /**
     * Parses the Click text from {@code startIndex} on (which must begin a line, numbered {@code startLine}):
     * a file whose first lines are something else, such as an allocation request's header, keeps its line
     * numbers.
     */
    public static List<Statement> parse(String text, int startIndex, int startLine, DiagnosticSink diagnostics) {
        List<Token> tokens = new Lexer(text, startIndex, startLine, diagnostics).tokenize();
        return new ClickParser(tokens, diagnostics).statementsUntil(TokenKind.EOF);
    }

    // ---- statements ---------------------------------------------------------------------

    /** Statements up to (not including) {@code end}: EOF at top level, '}' in a compound. */
    private List<Statement> statementsUntil(TokenKind end) {
        List<Statement> statements = new ArrayList<>();
        while (!tokens.at(end) && !tokens.at(TokenKind.EOF)) {
            if (tokens.at(TokenKind.SEMICOLON)) {
                tokens.next();
                continue;
            }
            if (tokens.at(TokenKind.RBRACE)) {
                diagnostics.syntax(tokens.next().pos(), "unexpected '}' without a matching '{'");
                continue;
            }
            int start = tokens.index();
            try {
                statements.add(statement());
                expectStatementEnd();
            } catch (SyntaxError error) {
                diagnostics.syntax(error.pos, error.getMessage());
                resynchronise(start);
            }
        }
        return statements;
    }

    private Statement statement() {
        Token first = tokens.peek();
        if (first.isWord("elementclass")) {
            return elementClass();
        }
        if (first.isWord("require") && tokens.peek(1).is(TokenKind.CONFIG)) {
            tokens.next();
            return new Require(config(tokens.next()), first.pos());
        }
        if (first.isWord("define") && tokens.peek(1).is(TokenKind.CONFIG)) {
            tokens.next();
            return new Define(config(tokens.next()), first.pos());
        }
        if (first.is(TokenKind.WORD) && tokens.peek(1).is(TokenKind.COMMA)) {
            return declarationList();
        }
        return chain();
    }

    /** A statement ends at ';', '}', EOF, or where the next one begins on a new line. */
    private void expectStatementEnd() {
        Token next = tokens.peek();
        if (next.is(TokenKind.SEMICOLON) || next.is(TokenKind.RBRACE) || next.is(TokenKind.EOF)) {
            return;
        }
        if (next.is(TokenKind.WORD) || next.is(TokenKind.LBRACE) || next.is(TokenKind.LBRACKET)) {
            return; // Click needs no separator between statements
        }
        throw new SyntaxError(next.pos(), "unexpected " + next.describe() + " after the end of a statement");
    }

    /**
     * Skips to a likely statement start: past the next ';', or to a '}' that closes the current
     * compound, or to a name that begins a line. Always moves at least one token forward so that
     * recovery cannot loop.
     */
    private void resynchronise(int statementStart) {
        if (tokens.index() == statementStart) {
            tokens.next();
        }
        int braceDepth = 0;
        while (!tokens.at(TokenKind.EOF)) {
            Token token = tokens.peek();
            if (token.is(TokenKind.SEMICOLON) && braceDepth == 0) {
                tokens.next();
                return;
            }
            if (token.is(TokenKind.RBRACE)) {
                if (braceDepth == 0) {
                    return;
                }
                braceDepth--;
            } else if (token.is(TokenKind.LBRACE)) {
                braceDepth++;
            } else if (braceDepth == 0 && token.startsLine() && token.is(TokenKind.WORD)) {
                return;
            }
            tokens.next();
        }
    }

    private ElementClassDef elementClass() {
        tokens.next();
        Name name = name("the new element class's name after 'elementclass'");
        Token next = tokens.peek();
        if (next.is(TokenKind.LBRACE)) {
            return new ElementClassDef(name, new ClassRef.Inline(compoundBody(), next.pos()));
        }
        if (next.is(TokenKind.WORD)) {
            tokens.next();
            return new ElementClassDef(name, new ClassRef.Named(next.text(), next.pos()));
        }
        throw expected("'{' or a class name after 'elementclass " + name.text() + "'", next);
    }

    private Declaration declarationList() {
        List<Name> names = new ArrayList<>();
        names.add(name("an element name"));
        while (tokens.at(TokenKind.COMMA)) {
            tokens.next();
            names.add(name("an element name after ','"));
        }
        expect(TokenKind.COLONCOLON, "'::' after the names being declared");
        ClassRef classRef = classRef();
        ConfigText config = optionalConfig();
        if (tokens.at(TokenKind.ARROW)) {
            throw new SyntaxError(
                    tokens.peek().pos(),
                    "a declaration of several elements cannot be connected; connect them in a separate statement");
        }
        return new Declaration(names, classRef, config);
    }

    // ---- chains ---------------------------------------------------------------------------

    private Chain chain() {
        List<Endpoint> endpoints = new ArrayList<>();
        List<Chain.Connector> connectors = new ArrayList<>();
        PortList inPorts = optionalPorts();
        if (inPorts != null) {
            throw new SyntaxError(
                    inPorts.pos(),
                    "input port " + inPorts.describe()
                            + " has nothing connected to it: a chain cannot start with a port");
        }
        endpoints.add(new Endpoint(null, element(), optionalPorts()));
        while (tokens.at(TokenKind.ARROW) || tokens.at(TokenKind.PAIRWISE_ARROW)) {
            Token arrow = tokens.next();
            connectors.add(arrow.is(TokenKind.ARROW) ? Chain.Connector.ARROW : Chain.Connector.PAIRWISE_ARROW);
            PortList in = optionalPorts();
            if (!startsElement(tokens.peek())) {
                throw expected("an element after '" + arrow.text() + "' (at " + arrow.pos() + ")", tokens.peek());
            }
            endpoints.add(new Endpoint(in, element(), optionalPorts()));
        }
        PortList lastOut = endpoints.get(endpoints.size() - 1).outPorts();
        if (lastOut != null) {
            throw new SyntaxError(
                    lastOut.pos(),
                    "output port " + lastOut.describe() + " is not connected to anything: expected '->' after it");
        }
        return new Chain(endpoints, connectors);
    }

    private static boolean startsElement(Token token) {
        return token.is(TokenKind.WORD) || token.is(TokenKind.LBRACE);
    }

    private ElementExpr element() {
        Token first = tokens.peek();
        if (first.is(TokenKind.LBRACE)) {
            ClassRef compound = new ClassRef.Inline(compoundBody(), first.pos());
            return new ElementExpr.Anonymous(compound, optionalConfig());
        }
        if (!first.is(TokenKind.WORD)) {
            throw expected("an element", first);
        }
        tokens.next();
        if (tokens.at(TokenKind.COLONCOLON)) {
            tokens.next();
            ClassRef classRef = classRef();
            return new ElementExpr.InlineDeclaration(new Name(first.text(), first.pos()), classRef, optionalConfig());
        }
        if (tokens.at(TokenKind.CONFIG)) {
            return new ElementExpr.Anonymous(new ClassRef.Named(first.text(), first.pos()), config(tokens.next()));
        }
        return new ElementExpr.Word(first.text(), first.pos());
    }

    private ClassRef classRef() {
        Token token = tokens.peek();
        if (token.is(TokenKind.LBRACE)) {
            return new ClassRef.Inline(compoundBody(), token.pos());
        }
        if (token.is(TokenKind.WORD)) {
            tokens.next();
            return new ClassRef.Named(token.text(), token.pos());
        }
        throw expected("an element class after '::'", token);
    }

    /** {@code [n]} or a Click 2 port list {@code [n, m, ...]}; null when no '[' follows. */
    private PortList optionalPorts() {
        if (!tokens.at(TokenKind.LBRACKET)) {
            return null;
        }
        Token open = tokens.next();
        List<Integer> numbers = new ArrayList<>();
        numbers.add(portNumber());
        while (tokens.at(TokenKind.COMMA)) {
            tokens.next();
            numbers.add(portNumber());
        }
        expect(TokenKind.RBRACKET, "']' to close the port opened at " + open.pos());
        return new PortList(numbers, open.pos());
    }

    private int portNumber() {
        Token number = tokens.peek();
        if (!number.is(TokenKind.WORD) || !number.text().chars().allMatch(Character::isDigit)) {
            throw expected("a port number after '['", number);
        }
        if (number.text().length() > MAX_PORT_DIGITS) {
            throw new SyntaxError(number.pos(), "port number " + number.text() + " is too large");
        }
        tokens.next();
        return Integer.parseInt(number.text());
    }

    // ---- compounds ------------------------------------------------------------------------

    private CompoundBody compoundBody() {
        Token open = tokens.next();
        if (nesting >= MAX_NESTING) {
            throw new SyntaxError(open.pos(), "compound elements are nested more than " + MAX_NESTING + " deep");
        }
        nesting++;
        try {
            List<Formal> formals = startsFormals() ? formals() : List.of();
            List<Statement> statements = statementsUntil(TokenKind.RBRACE);
            if (!tokens.at(TokenKind.RBRACE)) {
                throw new SyntaxError(open.pos(), "unclosed '{': the compound element has no matching '}'");
            }
            tokens.next();
            return new CompoundBody(formals, statements, open.pos());
        } finally {
            nesting--;
        }
    }

    /** Formals are "$a, KEY $b |" at the very start of a compound body. */
    private boolean startsFormals() {
        Token first = tokens.peek();
        return first.is(TokenKind.VARIABLE)
                || first.is(TokenKind.BAR)
                || (first.is(TokenKind.WORD) && tokens.peek(1).is(TokenKind.VARIABLE));
    }

    private List<Formal> formals() {
        List<Formal> formals = new ArrayList<>();
        while (!tokens.at(TokenKind.BAR)) {
            Token first = tokens.peek();
            String keyword = null;
            if (first.is(TokenKind.WORD)) {
                keyword = tokens.next().text();
            }
            Token variable = tokens.peek();
            if (!variable.is(TokenKind.VARIABLE)) {
                throw expected("a formal parameter such as '$name'", variable);
            }
            tokens.next();
            formals.add(new Formal(keyword, variable.text(), first.pos()));
            if (tokens.at(TokenKind.COMMA)) {
                tokens.next();
            } else if (!tokens.at(TokenKind.BAR)) {
                throw expected("',' or '|' after the formal parameter", tokens.peek());
            }
        }
        tokens.next();
        return formals;
    }

    // ---- small pieces ---------------------------------------------------------------------

    private ConfigText optionalConfig() {
        return tokens.at(TokenKind.CONFIG) ? config(tokens.next()) : null;
    }

    private static ConfigText config(Token token) {
        return new ConfigText(token.text(), token.contentPos());
    }

    private Name name(String what) {
        Token token = tokens.peek();
        if (!token.is(TokenKind.WORD)) {
            throw expected(what, token);
        }
        tokens.next();
        return new Name(token.text(), token.pos());
    }

    private void expect(TokenKind kind, String what) {
        if (!tokens.at(kind)) {
            throw expected(what, tokens.peek());
        }
        tokens.next();
    }

    private static SyntaxError expected(String what, Token found) {
        return new SyntaxError(found.pos(), "expected " + what + ", found " + found.describe());
    }
}
