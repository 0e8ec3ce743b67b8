/// Turns source text into tokens (SPEC §1). Newlines are significant only
/// where they end a statement; continuation rules are applied here.
///
/// The lexer works on UTF-8 bytes in one forward pass (linear time, no
/// recursion). Problems become ``LocatedError``s and lexing goes on; after an
/// error in a literal a placeholder token of the intended kind is emitted so
/// that the parser does not report a second, derived error. At most 20
/// errors are reported: lexing stops there and the token list ends in `.eof`.
public struct Lexer {
    /// The most errors one call reports.
    public static let maxErrors = 20

    /// Lexes `text`, whose first byte is at global offset `base`.
    /// Never throws: problems are returned as errors, and lexing goes on.
    public static func tokenize(_ text: String, base: Int = 0) -> (tokens: [Token], errors: [LocatedError]) {
        var scanner = LexerScanner(bytes: Array(text.utf8), base: base)
        scanner.run()
        return (scanner.tokens, scanner.errors)
    }
}

/// The state of one lexing pass.
struct LexerScanner {
    let bytes: [UInt8]
    let base: Int
    var pos = 0
    /// Tokens made and not yet handed on (a parser takes them in batches).
    var tokens: [Token] = []
    /// What a separator needs to know of the last token made (not the
    /// token itself: keeping a copy of each costs reference counting).
    var last = LastToken.none

    enum LastToken {
        case none, newline, leftBrace, continuing, other
    }
    /// True once `.eof` has been made.
    var finished = false
    var errors: [LocatedError] = []
    /// Open brackets, innermost last (`(`, `[` or `{`).
    var brackets: [UInt8] = []
    /// A run of separators waiting for the next token, which decides
    /// whether it is emitted.
    var pendingSeparator: PendingSeparator?

    struct PendingSeparator {
        var span: SourceSpan
        /// True when the run holds a `;`: an explicit separator is not
        /// subject to the line-continuation rules.
        var explicit: Bool
    }

    init(bytes: [UInt8], base: Int, reserving: Bool = true) {
        self.bytes = bytes
        self.base = base
        if reserving { tokens.reserveCapacity(bytes.count / 3 + 1) }
    }

    /// The byte at `i`, or 0 past the end (0 never continues any shape).
    @inline(__always) func at(_ i: Int) -> UInt8 { i < bytes.count ? bytes[i] : 0 }

    @inline(__always) func span(_ start: Int, _ end: Int) -> SourceSpan {
        SourceSpan(start: base + start, end: base + end)
    }

    var isCapped: Bool { errors.count >= Lexer.maxErrors }

    mutating func error(_ message: String, _ start: Int, _ end: Int, help: String? = nil) {
        guard !isCapped else { return }
        errors.append(LocatedError(message, at: span(start, end), help: help, kind: .syntax))
    }

    /// The text of `bytes[start..<end]`, for tokens and messages.
    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    mutating func run() {
        while !finished { scanOne() }
    }

    /// Lexes until `tokens` holds at least `count` tokens or the input ends.
    mutating func lex(atLeast count: Int) {
        while tokens.count < count && !finished { scanOne() }
    }

    /// One turn of the scan: a run of blanks, a separator, a comment or one
    /// token; at the end (or at the error cap) the `.eof` token.
    @inline(__always)
    private mutating func scanOne() {
        guard pos < bytes.count && !isCapped else {
            // A separator run before the end is dropped: the end separates too.
            pendingSeparator = nil
            tokens.append(Token(.eof, span(bytes.count, bytes.count)))
            last = .other
            finished = true
            return
        }
        let b = bytes[pos]
        switch b {
        case LexerBytes.space, LexerBytes.tab, LexerBytes.carriageReturn:
            pos += 1
        case LexerBytes.newline:
            noteSeparator(at: pos, explicit: false)
            pos += 1
        case LexerBytes.semicolon:
            noteSeparator(at: pos, explicit: true)
            pos += 1
        case LexerBytes.hash:
            while pos < bytes.count && bytes[pos] != LexerBytes.newline { pos += 1 }
        case _ where LexerBytes.isDigit(b):
            lexNumberOrDate()
        case LexerBytes.dollar:
            lexDollarMoney()
        case 0xC2, 0xE2:  // the lead bytes of £, ¥ and €
            if let money = currencySymbol(at: pos) {
                lexDollarMoney(symbol: money.symbol, currency: money.currency)
            } else if LexerBytes.unicodeIdentifierLength(bytes, at: pos, first: true) > 0 {
                lexWord()
            } else {
                lexBadRun()
            }
        case LexerBytes.quote:
            lexString()
        case _ where LexerBytes.isIdentifierStart(b):
            lexWord()
        case _ where b >= 0x80 && LexerBytes.unicodeIdentifierLength(bytes, at: pos, first: true) > 0:
            lexWord()
        default:
            if !lexSymbol() { lexBadRun() }
        }
    }

    // MARK: - Separators and the bracket stack

    mutating func noteSeparator(at i: Int, explicit: Bool) {
        if !explicit, let open = brackets.last, open != LexerBytes.leftBrace {
            return  // inside ( or [ a newline is insignificant
        }
        if var pending = pendingSeparator {
            if explicit && !pending.explicit {
                pending.explicit = true
                pending.span = span(i, i + 1)
                pendingSeparator = pending
            }
        } else {
            pendingSeparator = PendingSeparator(span: span(i, i + 1), explicit: explicit)
        }
    }

    /// Appends a token, first deciding whether a waiting separator becomes
    /// a `.newline` before it.
    @inline(__always)
    mutating func emit(_ kind: TokenKind, _ start: Int, _ end: Int) {
        if let pending = pendingSeparator {
            pendingSeparator = nil
            if separatorIsSignificant(pending, before: kind) {
                tokens.append(Token(.newline, pending.span))
                last = .newline
            }
        }
        switch kind {
        case .symbol(let symbol):
            last = symbol == .leftBrace ? .leftBrace : Self.continuesAfter(kind) ? .continuing : .other
            tokens.append(Token(kind, span(start, end)))
            trackBrackets(symbol)
        case .keyword:
            last = Self.continuesAfter(kind) ? .continuing : .other
            tokens.append(Token(kind, span(start, end)))
        default:
            last = .other
            tokens.append(Token(kind, span(start, end)))
        }
    }

    func separatorIsSignificant(_ pending: PendingSeparator, before next: TokenKind) -> Bool {
        if last == .none { return false }  // nothing to separate yet
        if last == .newline || last == .leftBrace || next == .symbol(.rightBrace) { return false }
        if pending.explicit { return true }
        return last != .continuing && !Self.continuesBefore(next)
    }

    /// A line ending in one of these continues on the next line.
    static func continuesAfter(_ kind: TokenKind) -> Bool {
        switch kind {
        case .symbol(let s):
            switch s {
            case .plus, .minus, .star, .slash, .caret, .equal, .notEqual, .less, .lessEqual,
                 .greater, .greaterEqual, .pipe, .arrow, .comma, .assign, .colon:
                return true
            case .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace, .dot:
                return false
            }
        case .keyword(let k):
            switch k {
            case .then, .else, .and, .or, .not, .mod, .in, .to: return true
            case .let, .fn, .if, .true, .false: return false
            }
        default:
            return false
        }
    }

    /// A line starting with one of these continues the previous line.
    static func continuesBefore(_ kind: TokenKind) -> Bool {
        switch kind {
        case .keyword(.then), .keyword(.else), .keyword(.and), .keyword(.or), .symbol(.pipe): return true
        default: return false
        }
    }

    /// Keeps the bracket stack sane on unbalanced input: a closer pops up to
    /// its opener (the ones above it were never closed); a closer with no
    /// opener is left for the parser to report.
    mutating func trackBrackets(_ symbol: Symbol) {
        let opener: UInt8
        switch symbol {
        case .leftParen: brackets.append(UInt8(ascii: "(")); return
        case .leftBracket: brackets.append(UInt8(ascii: "[")); return
        case .leftBrace: brackets.append(LexerBytes.leftBrace); return
        case .rightParen: opener = UInt8(ascii: "(")
        case .rightBracket: opener = UInt8(ascii: "[")
        case .rightBrace: opener = LexerBytes.leftBrace
        default: return
        }
        if let index = brackets.lastIndex(of: opener) {
            brackets.removeSubrange(index...)
        }
    }

    // MARK: - Symbols and stray characters

    /// Lexes an operator or punctuation symbol at `pos`; false when the byte
    /// starts none.
    mutating func lexSymbol() -> Bool {
        let start = pos
        let next = at(pos + 1)
        let symbol: Symbol
        var length = 1
        switch bytes[pos] {
        case UInt8(ascii: "+"): symbol = .plus
        case UInt8(ascii: "-"): symbol = .minus
        case UInt8(ascii: "*"): symbol = .star
        case UInt8(ascii: "/"): symbol = .slash
        case UInt8(ascii: "^"): symbol = .caret
        case UInt8(ascii: "("): symbol = .leftParen
        case UInt8(ascii: ")"): symbol = .rightParen
        case UInt8(ascii: "["): symbol = .leftBracket
        case UInt8(ascii: "]"): symbol = .rightBracket
        case UInt8(ascii: "{"): symbol = .leftBrace
        case UInt8(ascii: "}"): symbol = .rightBrace
        case UInt8(ascii: ","): symbol = .comma
        case UInt8(ascii: "."): symbol = .dot
        case UInt8(ascii: ":"): symbol = .colon
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") { symbol = .equal; length = 2 }
            else if next == UInt8(ascii: ">") { symbol = .arrow; length = 2 }
            else { symbol = .assign }
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { symbol = .lessEqual; length = 2 } else { symbol = .less }
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { symbol = .greaterEqual; length = 2 } else { symbol = .greater }
        case UInt8(ascii: "!"):
            guard next == UInt8(ascii: "=") else { return false }
            symbol = .notEqual; length = 2
        case UInt8(ascii: "|"):
            guard next == UInt8(ascii: ">") else { return false }
            symbol = .pipe; length = 2
        default:
            return false
        }
        pos += length
        emit(.symbol(symbol), start, pos)
        return true
    }

    /// Whether the scalar at `i` can start no token (and is not white space).
    func isBadScalar(at i: Int) -> Bool {
        let b = bytes[i]
        if b >= 0x80 { return LexerBytes.unicodeIdentifierLength(bytes, at: i, first: true) == 0 }
        switch b {
        case LexerBytes.space, LexerBytes.tab, LexerBytes.carriageReturn, LexerBytes.newline,
             LexerBytes.semicolon, LexerBytes.hash, LexerBytes.dollar, LexerBytes.quote:
            return false
        case UInt8(ascii: "!"): return at(i + 1) != UInt8(ascii: "=")
        case UInt8(ascii: "|"): return at(i + 1) != UInt8(ascii: ">")
        case UInt8(ascii: "@"), UInt8(ascii: "&"), UInt8(ascii: "%"), UInt8(ascii: "'"),
             UInt8(ascii: "`"), UInt8(ascii: "~"), UInt8(ascii: "?"), UInt8(ascii: "\\"):
            return true
        default:
            return b < 0x20 || b == 0x7F
        }
    }

    /// Reports a run of characters that start no token as one error.
    mutating func lexBadRun() {
        let start = pos
        var count = 0
        while pos < bytes.count && isBadScalar(at: pos) {
            pos = min(bytes.count, pos + LexerBytes.scalarLength(lead: bytes[pos]))
            count += 1
        }
        if pos == start { pos += 1; count = 1 }  // cannot happen; keeps the loop advancing
        reportBadCharacters(start, pos, count: count)
    }

    mutating func reportBadCharacters(_ start: Int, _ end: Int, count: Int, inString: Bool = false) {
        let scalars = text(start, end).unicodeScalars
        guard let first = scalars.first else { return }
        let place = inString ? " in string" : ""
        if first == "\u{FFFD}" {
            error("invalid UTF-8\(place)", start, end,
                  help: "the source must be UTF-8 text; bytes that are not show as U+FFFD")
            return
        }
        let printable = scalars.allSatisfy(Self.isPrintable)
        if count == 1 {
            error("unexpected character \(Self.describe(first))\(place)", start, end, help: Self.help(for: first))
        } else if printable && count <= 10 {
            error("unexpected characters '\(text(start, end))'\(place)", start, end, help: Self.help(for: first))
        } else {
            error("unexpected characters\(place) starting with \(Self.describe(first))", start, end)
        }
    }

    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .spaceSeparator,
             .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    /// `'@'` for a printable character, `U+0000` for any other.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if isPrintable(scalar) { return "'\(scalar)'" }
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func help(for scalar: Unicode.Scalar) -> String? {
        switch scalar {
        case "!": return "write 'not' for negation and '!=' for inequality"
        case "&": return "write 'and'"
        case "|": return "write 'or'; '|>' is the pipe"
        case "%": return "a percent sign goes directly after a number, as in 5%"
        case "'", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}": return "strings use straight double quotes: \"…\""
        case "\u{2212}", "\u{2013}", "\u{2014}": return "write minus as '-'"
        case "\u{00D7}": return "write multiplication as '*'"
        default: return nil
        }
    }

    // MARK: - Identifiers, keywords and word-led dates

    /// A name (ASCII or Unicode letters, digits, `_`), keyword or word-led date.
    mutating func lexWord() {
        let start = pos
        var end = pos + (bytes[pos] < 0x80 ? 1 : LexerBytes.unicodeIdentifierLength(bytes, at: pos, first: true))
        while true {
            let b = at(end)
            if LexerBytes.isIdentifierChar(b) {
                end += 1
            } else if b >= 0x80, case let n = LexerBytes.unicodeIdentifierLength(bytes, at: end, first: false), n > 0 {
                end += n
            } else {
                break
            }
        }
        if let keyword = LexerVocabulary.keyword(bytes, start, end) {
            pos = end
            emit(.keyword(keyword), start, end)
            return
        }
        if lexWordLedDate(start, end) { return }
        pos = end
        emit(.identifier(text(start, end)), start, end)
    }
}
