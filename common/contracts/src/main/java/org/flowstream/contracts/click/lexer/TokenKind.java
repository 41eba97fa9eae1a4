package org.flowstream.contracts.click.lexer;

/** The kinds of lexemes in Click's language. */
public enum TokenKind {
    /** A name: element, class or keyword ({@code elementclass}, {@code require}, {@code define}). */
    WORD("a name"),
    /** A formal parameter such as {@code $addr}. */
    VARIABLE("a $variable"),
    /** The raw text between a balanced {@code (} and {@code )}. */
    CONFIG("a configuration string"),
    COLONCOLON("'::'"),
    ARROW("'->'"),
    /** Click 2's pairwise connector, {@code a[0, 1] => [1, 0]b}. */
    PAIRWISE_ARROW("'=>'"),
    COMMA("','"),
    SEMICOLON("';'"),
    LBRACKET("'['"),
    RBRACKET("']'"),
    LBRACE("'{'"),
    RBRACE("'}'"),
    BAR("'|'"),
    EOF("end of file");

    private final String description;

    TokenKind(String description) {
        this.description = description;
    }

    /** How the kind reads in an error message ("expected ']'"). */
    public String description() {
        return description;
    }
}
