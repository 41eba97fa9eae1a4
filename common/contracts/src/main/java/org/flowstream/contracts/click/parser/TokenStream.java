package org.flowstream.contracts.click.parser;

import java.util.List;
import org.flowstream.contracts.click.lexer.Token;
import org.flowstream.contracts.click.lexer.TokenKind;

/** The parser's view of the token list: look ahead, consume, never run past the EOF token. */
final class TokenStream {

    private final List<Token> tokens;
    private int index;

    TokenStream(List<Token> tokens) {
        this.tokens = tokens;
    }

    Token peek() {
        return tokens.get(index);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    boolean at(TokenKind kind) {
        return peek().is(kind);
    }

    Token next() {
        Token token = tokens.get(index);
        if (!token.is(TokenKind.EOF)) {
            index++;
        }
        return token;
    }

    int index() {
        return index;
    }
}
