// SKELETON: being written.

/// The result of parsing a program.
public struct ParseResult: Sendable {
    public var statements: [Stmt]
    /// Every lexical and syntax error, in source order, at most 20.
    public var errors: [LocatedError]
    /// True when the first error is at the end of the input (an open bracket,
    /// a trailing operator, `if` without `else`, …): the REPL then asks for
    /// another line instead of reporting.
    public var isIncomplete: Bool
}

/// A recursive-descent parser for the grammar in `grammar/scenario.ebnf`.
public struct Parser {
    /// Parses a whole program from `text`, whose first byte is at global offset `base`.
    public static func parse(_ text: String, base: Int = 0) -> ParseResult {
        fatalError("TODO")
    }
}
