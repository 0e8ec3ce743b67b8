// What the lexer makes and the parser reads (SPEC §1): tokens, their kinds,
// the reserved keywords and the symbols. Statement words are not keywords
// but names (StatementWord.swift).

/// A lexical token with its span in the session's source map.
public struct Token: Sendable, Equatable, CustomStringConvertible {
    /// What the token is.
    public var kind: TokenKind
    /// Where it is, in the session's source map.
    public var span: SourceSpan

    /// A token of `kind` at `span`.
    public init(_ kind: TokenKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    /// `kind@start..<end`, for debugging.
    public var description: String { "\(kind)@\(span)" }
}

/// The kinds of token, with the value each carries.
public enum TokenKind: Sendable, Equatable {
    /// `42`, `3.14`, `1_000_000`, `1e9`, `60B` (magnitude already applied: 6e10).
    case number(Double)
    /// `$60B`, `60B USD`, `5M EUR` (amount in units of the currency).
    case money(Double, currency: String)
    /// `87.6%`, stored as the fraction 0.876.
    case percent(Double)
    /// `12.6pp`, stored as the fraction 0.126.
    case points(Double)
    /// `3 months`, `10 days`, `1 quarter`.
    case duration(CalendarDuration)
    /// `2026-05-25`, `May 25 2026`, `May 25, 2026`.
    case date(CalendarDate)
    /// `Q3 2026`, `May 2026`, `mid-June 2026`, `late 2026`, `FY2026`, …
    case period(PeriodLiteral)
    /// `"…"` with escapes resolved and `{expr}` interpolations kept as source.
    case string([StringSegment])
    /// Names, including statement words (`deal`, `close`, …): the parser
    /// decides from position whether a name is a statement word.
    case identifier(String)
    /// Reserved expression keywords.
    case keyword(Keyword)
    /// An operator or punctuation.
    case symbol(Symbol)
    /// A statement separator: a significant newline or `;`.
    case newline
    /// The end of the input (always the last token).
    case eof
}

/// A piece of a string literal.
public enum StringSegment: Sendable, Equatable {
    /// Literal text, escapes resolved.
    case text(String)
    /// The source of an `{expr}` interpolation and the global offset of its
    /// first byte, so that the parser can lex and parse it in place.
    case interpolation(String, offset: Int)
}

/// The reserved expression keywords of SPEC §1.
public enum Keyword: String, Sendable, CaseIterable {
    /// Each spelled as its case name.
    case `let`, `fn`, `if`, `then`, `else`, `and`, `or`, `not`, `mod`, `to`, `in`, `true`, `false`
}

/// The operators and punctuation; the raw value is the spelling.
public enum Symbol: String, Sendable, CaseIterable {
    /// Arithmetic.
    case plus = "+", minus = "-", star = "*", slash = "/", caret = "^"
    /// Grouping and call arguments.
    case leftParen = "(", rightParen = ")"
    /// Lists and indexing.
    case leftBracket = "[", rightBracket = "]"
    /// Blocks and scenario bodies.
    case leftBrace = "{", rightBrace = "}"
    /// Separators and member access.
    case comma = ",", dot = "."
    /// Binding and equality.
    case assign = "=", equal = "==", notEqual = "!="
    /// Ordering.
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    /// `xs |> f(y)` and `fn(x) => body`.
    case pipe = "|>", arrow = "=>"
    /// Between a record's field name and value, and before the rows of `compare`.
    case colon = ":"
}
