package org.flowstream.contracts.click.lexer;

import org.flowstream.contracts.click.diag.SourcePos;

/**
 * One lexeme. For {@link TokenKind#CONFIG} the text is what lies between the parentheses and
 * {@code pos} is the position of the opening parenthesis.
 *
 * @param startsLine true when nothing but blanks or comments precede the token on its line; the
 *                   parser uses it to resynchronise after an error
 */
public record Token(TokenKind kind, String text, SourcePos pos, boolean startsLine) {

    public boolean is(TokenKind expected) {
        return kind == expected;
    }

    public boolean isWord(String word) {
        return kind == TokenKind.WORD && text.equals(word);
    }

    /** Where the configuration text itself begins (just after the parenthesis). */
    public SourcePos contentPos() {
        return new SourcePos(pos.line(), pos.column() + 1);
    }

    /** How the token reads in an error message. */
    public String describe() {
        return switch (kind) {
            case WORD -> "'" + text + "'";
            case VARIABLE -> "'$" + text + "'";
            default -> kind.description();
        };
    }
}
