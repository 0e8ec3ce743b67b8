// What the lexer makes and the parser reads (SPEC §1): tokens, their kinds,
// the reserved keywords and the symbols. Statement words are not keywords
// but names (StatementWord.swift).

/// A lexical token with its span in the session's source map.
public struct Token: Sendable, Equatable, CustomStringConvertible {
    public var kind: TokenKind
    public var span: SourceSpan

    public init(_ kind: TokenKind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
    }

    public var description: String { "\(kind)@\(span)" }
}

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
    case symbol(Symbol)
    /// A statement separator: a significant newline or `;`.
    case newline
    case eof
}

/// A piece of a string literal.
public enum StringSegment: Sendable, Equatable {
    case text(String)
    /// The source of an `{expr}` interpolation and the global offset of its
    /// first byte, so that the parser can lex and parse it in place.
    case interpolation(String, offset: Int)
}

/// The reserved expression keywords of SPEC §1.
public enum Keyword: String, Sendable, CaseIterable {
    case `let`, `fn`, `if`, `then`, `else`, `and`, `or`, `not`, `mod`, `to`, `in`, `true`, `false`
}

public enum Symbol: String, Sendable, CaseIterable {
    case plus = "+", minus = "-", star = "*", slash = "/", caret = "^"
    case leftParen = "(", rightParen = ")"
    case leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}"
    case comma = ",", dot = "."
    case assign = "=", equal = "==", notEqual = "!="
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case pipe = "|>", arrow = "=>"
    /// Between a record's field name and value, and before the rows of `compare`.
    case colon = ":"
}
