// Errors and recovery (SPEC §9, §11): how the parser records an error,
// resynchronises at the next statement, tells the REPL that input is
// incomplete rather than wrong, and words its messages.
//
// A syntax error ends its statement; the parser records it and resumes after
// the next NEWLINE outside the brackets open at the error, at the `}`
// closing the enclosing block, or — when a bracket is left open, so that the
// lexer no longer makes newlines into separators — at the next line that
// starts a statement (`let`, `fn NAME`, a statement word) no further right
// than the failed statement; from then on a line start also ends a statement. All errors are kept, sorted, one per line and at
// most `maxErrors` (go/parser's error list), and the statement loop always
// makes progress.

/// What is still open at the current token. When the first error is at the
/// end of the input while something is open (or the last token continues
/// the line), the input is incomplete, not wrong: the REPL asks for another
/// line (`ParseResult.isIncomplete`).
struct Unfinished {
    /// Brackets and braces opened and not yet closed.
    var brackets = 0
    /// `if`s whose `else` branch is not parsed yet.
    var ifs = 0
    /// Whether the error last made by `failure` is an end-of-input one.
    var lastFailureAtEnd = false
}

extension Parser {
    /// Makes an error at `span` (default: the current token). It is an
    /// end-of-input one when the current token is the end and something
    /// is still open: a bracket, an `if`, or a line ending in an operator.
    /// A parse error is a syntax error unless `kind` says otherwise (a
    /// nesting limit).
    mutating func failure(_ message: String, at span: SourceSpan? = nil, help: String? = nil,
                          kind: Diagnostic.Kind = .syntax) -> LocatedError {
        let token = current
        unfinished.lastFailureAtEnd = !isInterpolation && token.kind == .eof && span == nil
            && (unfinished.brackets > 0 || unfinished.ifs > 0 || endsInContinuation())
        return LocatedError(message, at: span ?? token.span, help: help, kind: kind)
    }

    /// Whether the last token is one after which the lexer joins lines.
    private mutating func endsInContinuation() -> Bool {
        guard let previous = stream.previous else { return false }
        return LexerScanner.continuesAfter(previous.kind)
    }

    /// The parse functions throw only `LocatedError`s (untyped `throws`:
    /// typed throws gives every call site an error buffer in the frame).
    static func located(_ error: any Error) -> LocatedError {
        error as? LocatedError ?? LocatedError("internal parser error: \(error)", at: .none, kind: .runtime)
    }

    mutating func record(_ error: LocatedError) {
        found.append((error, unfinished.lastFailureAtEnd && error.span.start == current.span.start))
        unfinished.lastFailureAtEnd = false
    }

    /// Skips to the next statement boundary: a newline outside the brackets
    /// still open at the error (`depth` of them), the `}` closing the block
    /// being parsed, the end, or a line that starts a statement: while a
    /// bracket is open, one no further right than the failed statement
    /// (which started at `statementStart`); after an unclosed one, any.
    mutating func synchronize(depth: Int, inBlock: Bool, statementStart: Int) {
        var depth = max(0, depth)
        var column: Int?
        while true {
            if depth > 0 || newlinesLost, atStatementStarter(), atLineStart() {
                // After an unclosed bracket any such line will do; inside
                // brackets, an indented one is more likely an argument.
                if depth == 0 { return }
                let limit = column ?? source.location(of: statementStart).column
                column = limit
                if source.location(of: current.span.start).column <= limit {
                    newlinesLost = true
                    return
                }
            }
            switch current.kind {
            case .eof:
                return
            case .newline:
                if depth == 0 { return }
            case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace):
                depth += 1
            case .symbol(.rightParen), .symbol(.rightBracket):
                if depth > 0 { depth -= 1 }
            case .symbol(.rightBrace):
                if depth > 0 {
                    depth -= 1
                } else if inBlock {
                    return
                }
            default:
                break
            }
            advance()
        }
    }

    /// Whether a statement other than an expression starts here.
    private mutating func atStatementStarter() -> Bool {
        switch current.kind {
        case .keyword(.let): return true
        case .keyword(.fn): return peekIsIdentifier()
        case .identifier: return statementWord() != nil
        default: return false
        }
    }

    /// Whether the current token is the first of its line.
    mutating func atLineStart() -> Bool {
        guard let previous = stream.previous else { return true }
        return line(of: previous.span.start) < line(of: current.span.start)
    }

    /// The 0-based line of a global offset (`SourceFile.location` also counts
    /// the column, which costs the length of the line: too much for a scan).
    private func line(of offset: Int) -> Int {
        let local = offset - source.base
        var lo = 0, hi = source.lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if source.lineStarts[mid] <= local { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Merges lexer and parser errors in source order, keeps one per line and
    /// at most `maxErrors`.
    func finish(lexErrors: [LocatedError]) -> ([LocatedError], Bool) {
        var all = lexErrors.map { (error: $0, incomplete: false) } + found
        // Stable: equal offsets keep lexer errors first, then discovery order.
        all = all.enumerated().sorted {
            ($0.element.error.span.start, $0.offset) < ($1.element.error.span.start, $1.offset)
        }.map(\.element)
        var kept: [(error: LocatedError, incomplete: Bool)] = []
        var lastLine = -1
        for entry in all {
            let line = source.location(of: entry.error.span.start).line
            if line == lastLine { continue }
            lastLine = line
            kept.append(entry)
            if kept.count == Self.maxErrors { break }
        }
        return (kept.map(\.error), kept.first?.incomplete ?? false)
    }

    @inline(never)
    mutating func closeError(_ closer: Symbol, openedAt: Int) -> LocatedError {
        let (line, column) = source.location(of: openedAt)
        let opener = switch closer {
        case .rightParen: "("
        case .rightBracket: "["
        default: "{"
        }
        return expectedError("'\(closer.rawValue)' to close '\(opener)' at \(line):\(column)")
    }

    mutating func reservedWordHelp() -> String? {
        guard case .keyword(let k) = current.kind else { return nil }
        return "'\(k.rawValue)' is a reserved word and cannot be used as a name"
    }

    /// For a token that starts an expression of a lower level than the
    /// place it stands in (`1 + not x`, `2 * if …`).
    mutating func misplacedHelp() -> String? {
        switch current.kind {
        case .keyword(.not): return "put 'not …' in parentheses: it binds more loosely than comparisons"
        case .keyword(.if): return "put the 'if … then … else …' in parentheses"
        case .keyword(.fn): return "put the function 'fn(…) => …' in parentheses"
        case .symbol(.assign): return "'=' binds names only in 'let'; compare with '=='"
        default: return nil
        }
    }

    /// How a token is named in messages.
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .eof:
            return isInterpolation ? "the end of the interpolation" : "end of input"
        case .newline:
            return sourceText(token.span) == ";" ? "';'" : "end of line"
        case .string:
            return "a string"
        case .keyword(let k):
            return "'\(k.rawValue)'"
        case .symbol(let s):
            return "'\(s.rawValue)'"
        case .identifier(let name):
            return "'\(name)'"
        default:
            let text = sourceText(token.span)
            return text.isEmpty ? "a literal" : "'\(text)'"
        }
    }

    func sourceText(_ span: SourceSpan) -> String {
        let lower = min(max(span.start - source.base, 0), source.bytes.count)
        let upper = min(max(span.end - source.base, lower), source.bytes.count)
        return String(decoding: source.bytes[lower..<upper], as: UTF8.self)
    }

    // The message builders below are separate, never-inlined functions so
    // that the recursive parse functions, which only call them, keep small
    // stack frames (string interpolation is costly in frames in debug builds).

    /// "expected WHAT, found …" at the current token.
    @inline(never)
    mutating func expectedError(_ what: @autoclosure () -> String, help: String? = nil) -> LocatedError {
        let message = "expected \(what()), found \(describe(current))"
        return failure(message, help: help ?? misplacedHelp())
    }

    @inline(never)
    mutating func operandError(after op: String) -> LocatedError {
        expectedError("an expression after '\(op)'")
    }

    @inline(never)
    mutating func ifError(_ what: String, _ start: Int) -> LocatedError {
        let line = source.location(of: start).line
        return failure("\(what) 'if' at line \(line), found \(describe(current))")
    }

    @inline(never)
    mutating func namedLambdaError() -> LocatedError {
        let name = describe(current)
        return failure("expected '(' after 'fn', found \(name)",
                       help: "a named function is a statement of its own: fn \(name.dropFirst().dropLast())(…) = …")
    }

    /// `close + 1`: a statement word at the start of a statement, followed
    /// by an operator that no statement takes.
    @inline(never)
    mutating func statementWordError(_ word: StatementWord) -> LocatedError {
        let name = word.rawValue
        let next = describe(peek)
        return failure("'\(name)' starts a statement here, so \(next) cannot follow it",
                       at: current.span, help: "to use the name '\(name)' in an expression, write (\(name))")
    }

    /// `prnt price`: a name that is a typo of a statement word (or of `let`
    /// or `fn`) where a statement starts, followed by what that statement
    /// would take. Nil when no word is close: the caller's "expected a
    /// newline" error then stands.
    @inline(never)
    mutating func misspeltStatementError(_ name: Identifier) -> LocatedError? {
        let words = statementWords.union([Keyword.let.rawValue, Keyword.fn.rawValue])
        guard let help = Suggestions.didYouMean(name.name, among: words.sorted()) else { return nil }
        return failure("unknown statement '\(name.name)'", at: name.span, help: help)
    }

    /// `fn f(x) => …`, `fn f(x) x`.
    @inline(never)
    mutating func functionBodyError(_ name: Identifier) -> LocatedError {
        let help = atSymbol(.arrow) ? "'=>' is for anonymous functions; write 'fn \(name.name)(…) = …'" : nil
        return expectedError("'=' or '{' after the parameters of '\(name.name)'", help: help)
    }

    /// `x = 1` as a statement.
    @inline(never)
    mutating func assignmentError(_ target: Expr) -> LocatedError {
        if case .name(let id) = target {
            return failure("use 'let \(id.name) = …' to bind a name", at: id.span)
        }
        return failure("cannot assign to an expression; use 'let name = …' to bind a name")
    }

    /// `a < b < c`, `a to b to c`: recorded, and the parse goes on.
    @inline(never)
    mutating func recordChain(_ op: BinaryOperator, _ level: Int) {
        guard let (next, nextLevel, _) = Self.binaryOperator(current.kind), nextLevel == level else { return }
        let message = op == .to
            ? "'to' cannot be chained: a range has two ends ('a to b')"
            : "comparison operators cannot be chained; write 'a \(op.rawValue) b and b \(next.rawValue) c'"
        record(LocatedError(message, at: current.span, kind: .syntax))
    }


    /// `$1M + $1M to $2M` (SPEC §1): a `to` with an unbracketed `+ - * /`
    /// expression at an end (`low` from `start`, `high` from `highStart`;
    /// each given by the operator at its top) reads two ways; recorded, and
    /// the parse goes on. The help quotes the source, so that it can be
    /// pasted back.
    @inline(never)
    mutating func recordAmbiguousRange(low: (op: BinaryOperator, at: SourceSpan)?,
                                       high: (op: BinaryOperator, at: SourceSpan)?,
                                       from start: Int, to range: SourceSpan, highStart: Int) {
        let end = stream.previousEnd
        let lowText = trimmedText(start, range.start), highText = trimmedText(highStart, end)
        let help: String
        let op: BinaryOperator
        if let (lowOp, at) = low {
            op = lowOp
            let (a, b) = (trimmedText(start, at.start), trimmedText(at.end, range.start))
            help = "write \(a) \(op.rawValue) (\(b) to \(highText)) or (\(lowText)) to \(highText)"
        } else if let (highOp, at) = high {
            op = highOp
            let (a, b) = (trimmedText(highStart, at.start), trimmedText(at.end, end))
            help = "write (\(lowText) to \(a)) \(op.rawValue) \(b) or \(lowText) to (\(highText))"
        } else {
            return
        }
        record(LocatedError("ambiguous range: '\(op.rawValue)' next to 'to' without brackets",
                            at: SourceSpan(start: start, end: end), help: help, kind: .syntax))
    }

    /// The source from `start` to `end` without the blanks around it.
    func trimmedText(_ start: Int, _ end: Int) -> String {
        var (start, end) = (start, end)
        func isBlank(_ offset: Int) -> Bool {
            let i = offset - source.base
            guard i >= 0, i < source.bytes.count else { return false }
            let b = source.bytes[i]
            return b == LexerBytes.space || b == LexerBytes.tab || b == LexerBytes.newline || b == LexerBytes.carriageReturn
        }
        while start < end && isBlank(start) { start += 1 }
        while end > start && isBlank(end - 1) { end -= 1 }
        let text = sourceText(SourceSpan(start: start, end: end))
        guard text.utf8.contains(LexerBytes.newline) else { return text }
        // A line break and the indentation around it read as one space.
        return text.split(separator: "\n").map { line in
            line.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed()
        }.map { String($0) }.joined(separator: " ")
    }
}
