// The parser's entry points (what `Session`, the REPL and the tests call),
// its state, and its view of the current token. The grammar itself is split
// by area, each parse function under its `// rule -> …` comment, written
// exactly as in grammar/scenario.ebnf (GrammarTests keep the two in step):
//
//   ParserStatements.swift    program, statement lists, let/fn/print/assert/set/scenario/compare
//   ParserDomain.swift        the deal-domain statements of SPEC §6
//   ParserExpressions.swift   expressions: one priority table for the binary operators (SPEC §3)
//   ParserRecovery.swift      errors, their messages, recovery, and incomplete input for the REPL
//   TokenStream.swift         the tokens, lexed in batches as the parser reaches them
//   StatementWord.swift       the statement words
//
// Errors are thrown (`LocatedError`s, through untyped `throws`: typed throws
// gave every call site an error buffer in its frame) up to the statement
// that contains them, recorded, and parsing resumes at the next statement
// boundary. Nesting is bounded by `maxDepth`, so deep input ends in "nesting
// too deep" instead of a stack overflow here or in later tree walks; the
// length of a left-associative chain (`1 + 2 + … + 10000`) is not nesting.

/// The result of parsing a program.
public struct ParseResult: Sendable {
    /// The statements that parsed, in source order.
    public var statements: [Stmt]
    /// Every lexical and syntax error, in source order, at most 20.
    public var errors: [LocatedError]
    /// True when the first error is at the end of the input (an open bracket,
    /// a trailing operator, `if` without `else`, …): the REPL then asks for
    /// another line instead of reporting.
    public var isIncomplete: Bool
}

/// The result of parsing a single expression (``Parser/parseExpression(_:base:)``).
public struct ExpressionParseResult: Sendable {
    /// The expression, nil when there were errors.
    public var expression: Expr?
    /// Every lexical and syntax error, in source order, at most 20.
    public var errors: [LocatedError]
    /// True when the first error is at the end of the input (see ``ParseResult/isIncomplete``).
    public var isIncomplete: Bool
}

/// A recursive-descent parser for the grammar in `grammar/scenario.ebnf`.
public struct Parser {
    /// The deepest nesting the parser accepts. Every expression, prefix
    /// operator, `^`, postfix step and operator whose right side is being
    /// parsed counts one level, and a block or scenario body three, so the
    /// parser's own recursion stays below this. Measured: a debug build
    /// needs under 2 KB of stack per level, within a 512 KB thread stack.
    public static let maxDepth = 200
    /// The levels a block or a scenario body counts: a statement inside
    /// one costs about three levels' worth of stack.
    static let blockLevels = 3
    /// How deep strings may nest inside interpolations (`"{"{x}"}"` is 2).
    public static let maxInterpolationNesting = 8
    /// The most errors one parse reports.
    public static let maxErrors = 20

    var stream: TokenStream
    let source: SourceFile
    /// Errors with a flag: true when found at the end of input while
    /// something still awaits more (see `isIncomplete`).
    var found: [(error: LocatedError, incomplete: Bool)] = []
    /// What is open at the current token, for the REPL (ParserRecovery.swift).
    var unfinished = Unfinished()
    /// True after recovery from an unclosed bracket: the lexer, which still
    /// counts it open, no longer makes newlines into statement separators,
    /// so a statement may also end where a line starts (ParserRecovery.swift).
    var newlinesLost = false
    var depth: Int
    /// Where the outermost level of the current nest starts.
    var nestStart = 0
    /// An interpolation's sub-parse: its end is the string's, not the input's.
    var isInterpolation: Bool { interpolationDepth > 0 }
    /// How many strings' interpolations this parse is inside.
    let interpolationDepth: Int

    /// Parses a whole program from `text`, whose first byte is at global offset `base`.
    public static func parse(_ text: String, base: Int = 0) -> ParseResult {
        parse(SourceFile(name: "", text: text, base: base))
    }

    /// Parses a source file, lexing its bytes in place (no copy of the text
    /// or of its line table).
    static func parse(_ source: SourceFile) -> ParseResult {
        var parser = Parser(stream: TokenStream(lexing: source), source: source)
        let statements = parser.parseStatementList(inBlock: false)
        parser.stream.finishLexing()  // reached the end already; to be sure of every error
        let (errors, incomplete) = parser.finish(lexErrors: parser.stream.lexerErrors)
        return ParseResult(statements: statements, errors: errors, isIncomplete: incomplete)
    }

    /// Parses `text` as one expression (surrounding newlines allowed), as
    /// `Session.evaluate` needs.
    public static func parseExpression(_ text: String, base: Int = 0) -> ExpressionParseResult {
        let (tokens, lexErrors) = Lexer.tokenize(text, base: base)
        var parser = Parser(tokens: tokens, text: text, base: base)
        return parser.parseSingleExpression(lexErrors: lexErrors)
    }

    /// A parser over tokens made elsewhere (tests); `text` is the source the
    /// spans point into, starting at `base`.
    init(tokens: [Token], text: String, base: Int = 0) {
        let source = SourceFile(name: "", text: text, base: base)
        self.init(stream: TokenStream(tokens: tokens, end: source.end), source: source)
    }

    init(stream: TokenStream, source: SourceFile, depth: Int = 0, interpolationDepth: Int = 0) {
        self.stream = stream
        self.source = source
        self.depth = depth
        self.interpolationDepth = interpolationDepth
    }

    // program -> stmtList EOF
    mutating func parseProgram(lexErrors: [LocatedError]) -> ParseResult {
        let statements = parseStatementList(inBlock: false)
        let (errors, incomplete) = finish(lexErrors: lexErrors)
        return ParseResult(statements: statements, errors: errors, isIncomplete: incomplete)
    }

    mutating func parseSingleExpression(lexErrors: [LocatedError]) -> ExpressionParseResult {
        skipNewlines()
        var expression: Expr?
        do {
            let e = try parseExpr()
            skipNewlines()
            if !atEnd {
                throw expectedError("the end of the expression")
            }
            expression = e
        } catch {
            record(Self.located(error))
        }
        let (errors, incomplete) = finish(lexErrors: lexErrors)
        return ExpressionParseResult(expression: errors.isEmpty ? expression : nil,
                                     errors: errors, isIncomplete: incomplete)
    }

    // MARK: - The current token

    // The helpers are `mutating` although they only read: from a mutating
    // method, a debug build copies the whole parser onto the stack for every
    // call of a non-mutating one, which made each nesting level cost kilobytes.

    var current: Token { mutating get { stream.current } }

    var peek: Token { mutating get { stream.peek } }

    var atEnd: Bool { mutating get { stream.current.kind == .eof } }

    var atNewline: Bool { mutating get { stream.current.kind == .newline } }

    /// Where a statement's optional last part (`print`'s values, a
    /// condition's probability) is absent: also at a line start once
    /// newlines are lost to an unclosed bracket (ParserRecovery.swift).
    var atStatementEnd: Bool {
        mutating get { atEnd || atNewline || atSymbol(.rightBrace) || (newlinesLost && atLineStart()) }
    }

    mutating func atSymbol(_ symbol: Symbol) -> Bool {
        if case .symbol(let s) = stream.current.kind { return s == symbol }
        return false
    }

    mutating func atKeyword(_ keyword: Keyword) -> Bool {
        if case .keyword(let k) = stream.current.kind { return k == keyword }
        return false
    }

    /// A contextual word (`at`, `into`, `paid`, …): an identifier matched by name.
    mutating func atWord(_ word: String) -> Bool {
        if case .identifier(let name) = stream.current.kind { return name == word }
        return false
    }

    mutating func atIdentifier() -> Bool {
        if case .identifier = stream.current.kind { return true }
        return false
    }

    mutating func peekIsIdentifier() -> Bool {
        if case .identifier = stream.peek.kind { return true }
        return false
    }

    mutating func advance() {
        stream.advance()
    }

    mutating func skipNewlines() {
        while atNewline { advance() }
    }

    /// From `start` to the end of the last consumed token.
    mutating func spanFrom(_ start: Int) -> SourceSpan {
        SourceSpan(start: start, end: stream.previousEnd)
    }

    /// Counts `levels` of nesting, failing past `maxDepth`.
    mutating func enter(_ levels: Int = 1) throws {
        if depth == 0 { nestStart = current.span.start }
        depth += levels
        if depth > Self.maxDepth {
            depth -= levels
            // From the outermost level to the one past the limit.
            let span = SourceSpan(start: nestStart, end: current.span.end)
            throw failure("nesting too deep", at: span,
                          help: "at most \(Self.maxDepth) levels of brackets, blocks and operators; split it with 'let'",
                          kind: .limit)
        }
    }

    mutating func expectName(_ what: @autoclosure () -> String) throws -> Identifier {
        guard case .identifier(let name) = current.kind else {
            let help = reservedWordHelp()
            throw expectedError(what(), help: help)
        }
        let id = Identifier(name, current.span)
        advance()
        return id
    }

    mutating func expectWord(_ word: String, after what: @autoclosure () -> String) throws {
        guard atWord(word) else {
            let context = what()
            throw expectedError("'\(word)' after \(context)")
        }
        advance()
    }

    /// Consumes an opening bracket or brace, counting it open.
    mutating func open() {
        advance()
        unfinished.brackets += 1
    }

    /// Consumes `closer`, or fails naming where its opener was.
    mutating func expectClose(_ closer: Symbol, openedAt: Int) throws {
        if !atSymbol(closer) { throw closeError(closer, openedAt: openedAt) }
        advance()
        unfinished.brackets -= 1
    }
}
