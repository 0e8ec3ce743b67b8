// A recursive-descent parser for Scenario (SPEC §1, §3, §4, §6, §8).
//
// Each parse function carries its grammar rule in a `// rule -> …` comment,
// written exactly as in grammar/scenario.ebnf (GrammarTests keep the two in
// step). In short:
//
//   program     -> stmtList EOF                   statements split by NEWLINE (newline or ';')
//   statement   -> let | fn | print | assert | set | scenario | compare | domain | expr
//   expr        -> if … then … else … | fn(params) => expr | binary expression
//
//   level  1  if/then/else, fn(x) => e         (start of an expression only)
//          2  or        3  and        4  not    (prefix)
//          5  == != < <= > >= in                (non-associative)
//          6  to                                (non-associative)
//          7  + -       8  * / mod              (left-associative)
//          9  unary -   10 ^ (right-associative, its right side may carry '-')
//         11  call f(a), member x.m, index xs[i], pipe xs |> f(y) = f(xs, y)
//         12  literals, names, ( expr ), [ list ], { block }, strings
//
// A form of a lower level is not an operand of a higher one without
// parentheses (`1 + not x` and `1 + if …` are errors that say so).
// Statement words are identifiers; at the start of a statement, and when
// the next token is not `(`, `.` or `=`, they start their statement.
//
// Errors are thrown (`LocatedError`s, through untyped `throws`: typed throws
// gave every call site an error buffer in its frame) up to the statement
// that contains them, recorded, and parsing resumes at the next statement
// boundary. Nesting is
// bounded by `maxDepth`, so deep input ends in "nesting too deep" instead
// of a stack overflow here or in later tree walks.

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
    /// operator, `^`, postfix step and chained binary operator counts one
    /// level, and a block or scenario body three, so the depth of any tree
    /// it builds stays below this, and so does the depth of the tree walks
    /// (resolver, evaluator) that follow. Measured: a debug build needs
    /// under 2 KB of stack per level, within a 512 KB thread stack.
    public static let maxDepth = 200
    /// The levels a block or a scenario body counts: a statement inside
    /// one costs about three levels' worth of stack.
    static let blockLevels = 3
    /// How deep strings may nest inside interpolations (`"{"{x}"}"` is 2).
    public static let maxInterpolationNesting = 8
    /// The most errors one parse reports.
    public static let maxErrors = 20

    /// The tokens from the last top-level statement boundary on (see
    /// `lexer`), and a few before it.
    private var tokens: [Token]
    private var pos = 0
    /// Over a whole program, the lexer still to run: tokens are made in
    /// batches as the parser reaches them and dropped between top-level
    /// statements, so a long script never holds all its tokens at once.
    /// Nil when `tokens` came complete.
    private var lexer: LexerScanner?
    /// The lexer's errors once it has finished.
    private var lexerErrors: [LocatedError] = []
    /// True while `lexer` has input left (tested on every token: cheaper
    /// than looking into the optional lexer).
    private var lexing = false
    /// Tokens lexed at a time, and kept behind the parser before a drop.
    private static let batch = 1024
    private let source: SourceFile
    /// Errors with a flag: true when found at the end of input while
    /// something still awaits more (see `isIncomplete`).
    private var found: [(error: LocatedError, incomplete: Bool)] = []
    /// Whether the error last made by `failure` is an end-of-input one.
    private var lastFailureIncomplete = false
    private var depth: Int
    /// Where the outermost level of the current nest starts.
    private var nestStart = 0
    /// Brackets and braces opened and not yet closed.
    private var openBrackets = 0
    /// `if`s whose `else` branch is not parsed yet.
    private var pendingIfs = 0
    /// An interpolation's sub-parse: its end is the string's, not the input's.
    private var isInterpolation: Bool { interpolationDepth > 0 }
    /// How many strings' interpolations this parse is inside.
    private let interpolationDepth: Int
    /// The end offset of the last consumed token.
    private var previousEnd: Int

    /// Parses a whole program from `text`, whose first byte is at global offset `base`.
    public static func parse(_ text: String, base: Int = 0) -> ParseResult {
        parse(SourceFile(name: "", text: text, base: base))
    }

    /// Parses a source file, lexing its bytes in place (no copy of the text
    /// or of its line table).
    static func parse(_ source: SourceFile) -> ParseResult {
        var scanner = LexerScanner(bytes: source.bytes, base: source.base, reserving: false)
        scanner.lex(atLeast: batch)
        var tokens: [Token] = []
        swap(&tokens, &scanner.tokens)
        var parser = Parser(tokens: tokens, source: source, lexer: scanner)
        let statements = parser.parseStatementList(inBlock: false)
        while parser.lexing { parser.refill() }  // reached the end already; to be sure of every error
        let (errors, incomplete) = parser.finish(lexErrors: parser.lexerErrors)
        return ParseResult(statements: statements, errors: errors, isIncomplete: incomplete)
    }

    /// Parses `text` as one expression (surrounding newlines allowed), as
    /// `Session.evaluate` needs.
    public static func parseExpression(_ text: String, base: Int = 0) -> ExpressionParseResult {
        let (tokens, lexErrors) = Lexer.tokenize(text, base: base)
        var parser = Parser(tokens: tokens, source: SourceFile(name: "", text: text, base: base))
        return parser.parseSingleExpression(lexErrors: lexErrors)
    }

    /// A parser over tokens made elsewhere (tests); `text` is the source the
    /// spans point into, starting at `base`.
    init(tokens: [Token], text: String, base: Int = 0) {
        self.init(tokens: tokens, source: SourceFile(name: "", text: text, base: base))
    }

    private init(tokens: [Token], source: SourceFile, depth: Int = 0, interpolationDepth: Int = 0,
                 lexer: LexerScanner? = nil) {
        var tokens = tokens
        if lexer == nil, tokens.last?.kind != .eof {
            let end = tokens.last?.span.end ?? source.end
            tokens.append(Token(.eof, SourceSpan(start: end, end: end)))
        }
        self.tokens = tokens
        self.source = source
        self.depth = depth
        self.interpolationDepth = interpolationDepth
        self.previousEnd = tokens[0].span.start
        if let lexer {
            if lexer.finished {
                lexerErrors = lexer.errors
            } else {
                self.lexer = lexer
                lexing = true
            }
        }
    }

    // MARK: - Programs and statement lists

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

    /// Merges lexer and parser errors in source order, keeps one per line and
    /// at most `maxErrors`.
    private func finish(lexErrors: [LocatedError]) -> ([LocatedError], Bool) {
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

    // stmtList -> { NEWLINE } { statement NEWLINE { NEWLINE } } [ statement ]
    private mutating func parseStatementList(inBlock: Bool) -> [Stmt] {
        var statements: [Stmt] = []
        skipNewlines()
        while true {
            if !inBlock && depth == 0 { dropConsumedTokens() }
            if atEnd { break }
            if atSymbol(.rightBrace) {
                if inBlock { break }
                record(failure("unexpected '}' with no open '{'"))
                advance()
                skipNewlines()
                continue
            }
            let start = pos
            let saved = (depth, openBrackets, pendingIfs)
            do {
                let statement = try parseStatement()
                if !(atNewline || atEnd || (inBlock && atSymbol(.rightBrace))) {
                    throw expectedError("a newline or ';' after the statement")
                }
                statements.append(statement)
            } catch {
                record(Self.located(error))
                synchronize(depth: openBrackets - saved.1, inBlock: inBlock)
                (depth, openBrackets, pendingIfs) = saved
                if pos == start && !atEnd && !(inBlock && atSymbol(.rightBrace)) { advance() }
            }
            skipNewlines()
        }
        return statements
    }

    /// Skips to the next statement boundary: a newline outside the brackets
    /// still open at the error (`depth` of them), or the `}` closing the
    /// block being parsed, or the end.
    private mutating func synchronize(depth: Int, inBlock: Bool) {
        var depth = max(0, depth)
        while true {
            switch tokens[pos].kind {
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

    // MARK: - Statements

    // statement -> letStmt | fnStmt | printStmt | assertStmt | setStmt | scenarioStmt | compareStmt | domainStmt | modelClause | exprStmt
    private mutating func parseStatement() throws -> Stmt {
        if atKeyword(.let) { return try parseLet() }
        if atKeyword(.fn), peekIsIdentifier() { return try parseFunctionStatement() }
        guard let word = statementWord() else { return try parseExpressionStatement() }
        if peekIsInfixOperator() { throw statementWordError(word) }
        switch word {
        case .print: return try parsePrint()
        case .assert: return try parseAssert()
        case .set: return try parseSet()
        case .scenario: return try parseScenario()
        case .compare: return try parseCompare()
        case .by, .params, .trained, .release: return try parseModelClauseStatement()
        default: return try parseDomainStatement(word)
        }
    }

    // domainStmt -> companyStmt | mergeStmt | dealStmt | buyerStmt | targetStmt | announceStmt | closeStmt | breakupStmt | conditionStmt | convertStmt | outcomeStmt | modelStmt | benchmarkStmt | scoreStmt | departuresStmt | eventStmt | timelineStmt | reportStmt
    private mutating func parseDomainStatement(_ word: Word) throws -> Stmt {
        // Apart from `parseStatement` so that the frames of statements that
        // nest (functions, scenarios) stay small.
        switch word {
        case .company, .benchmark: return try parseNamedEntity(word)
        case .merge: return try parseMerge()
        case .deal: return try parseDeal()
        case .buyer, .target: return try parseParty(word)
        case .announce, .close: return try parseDated(word)
        case .breakup: return try parseBreakup()
        case .condition: return try parseCondition()
        case .convert: return try parseConvert()
        case .outcome: return try parseOutcome()
        case .model: return try parseModel()
        case .score: return try parseScore()
        case .departures: return try parseDepartures()
        case .event: return try parseEvent()
        case .timeline, .report: return try parseBareWord(word)
        case .print, .assert, .set, .scenario, .compare, .by, .params, .trained, .release:
            return try parseStatement()  // not reached: `parseStatement` takes these
        }
    }

    /// The statement words of SPEC §1 and §6 (`statementWords`).
    enum Word: String, CaseIterable {
        case company, merge, deal, buyer, target, announce, close, breakup, condition, convert, outcome
        case model, benchmark, score, departures, event, timeline, report, print, assert, set, scenario, compare
        case by, params, trained, release

        /// The word spelled `name`, if any. Asked of the first name of every
        /// statement: a table by length and first letter leaves at most
        /// three spellings to compare, where hashing the name cost several
        /// times more (and `init(rawValue:)` compares with every spelling).
        static func named(_ name: String) -> Word? {
            let utf8 = name.utf8
            let count = utf8.count
            guard count <= maxLength, let first = utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
                return nil
            }
            for word in byShape[count * 26 + Int(first - UInt8(ascii: "a"))] where word.rawValue == name {
                return word
            }
            return nil
        }

        private static let maxLength = allCases.map(\.rawValue.utf8.count).max() ?? 0

        /// The words of each length and first letter, at `length * 26 + letter`.
        private static let byShape: [[Word]] = {
            var table = [[Word]](repeating: [], count: (maxLength + 1) * 26)
            for word in allCases {
                let utf8 = word.rawValue.utf8
                table[utf8.count * 26 + Int(utf8.first! - UInt8(ascii: "a"))].append(word)
            }
            return table
        }()
    }

    /// The statement word at the current token, if it is one here. SPEC §1:
    /// not when followed by `(`, `.` or `=` (then it is a name:
    /// `score(m, b)`, `cursor.close`, `close = …`) — except that `print`
    /// and `assert` stay statements before `(`: nothing of that name can be
    /// called, and `print (1 + 2) * 3` or `print("hi")` read as a call to
    /// an unknown function would only surprise.
    private mutating func statementWord() -> Word? {
        guard case .identifier(let name) = tokens[pos].kind, let word = Word.named(name) else { return nil }
        switch peek.kind {
        case .symbol(.leftParen): return word == .print || word == .assert ? word : nil
        case .symbol(.dot), .symbol(.assign): return nil
        default: return word
        }
    }

    /// A binary operator that no statement's arguments can start with
    /// (`close + 1`): `-` is not one (`print -1`).
    private mutating func peekIsInfixOperator() -> Bool {
        switch peek.kind {
        case .symbol(.minus): return false
        case .symbol(.caret), .symbol(.pipe), .symbol(.arrow): return true
        default: return Self.binaryOperator(peek.kind) != nil
        }
    }

    private mutating func peekIsIdentifier() -> Bool {
        if case .identifier = peek.kind { return true }
        return false
    }

    // exprStmt -> expr
    private mutating func parseExpressionStatement() throws -> Stmt {
        let start = tokens[pos].span.start
        let e = try parseExpr()
        if atSymbol(.assign) { throw assignmentError(e) }
        return .expression(e, spanFrom(start))
    }

    // letStmt -> "let" NAME "=" expr
    private mutating func parseLet() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let name = try expectName("a name after 'let'")
        guard atSymbol(.assign) else {
            let help = atSymbol(.leftParen) ? "define a function with 'fn \(name.name)(…) = …'" : nil
            throw expectedError("'=' after 'let \(name.name)'", help: help)
        }
        advance()
        let value = try parseExpr(expecting: "an expression after '='")
        return .letBinding(name, value, spanFrom(start))
    }

    // fnStmt -> "fn" NAME "(" [ params ] ")" ( "=" expr | block )
    private mutating func parseFunctionStatement() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let name = try expectName("a function name after 'fn'")
        let parameters = try parseParameters(after: "'fn \(name.name)'")
        let body: Expr
        if atSymbol(.assign) {
            advance()
            body = try parseExpr(expecting: "an expression after '='")
        } else if atSymbol(.leftBrace) {
            try enter(Self.blockLevels)
            body = try parseBlock()
            depth -= Self.blockLevels
        } else {
            throw functionBodyError(name)
        }
        return .function(name, parameters, body: body, spanFrom(start))
    }

    // params -> NAME { "," NAME } [ "," ]
    private mutating func parseParameters(after what: @autoclosure () -> String) throws -> [Identifier] {
        guard atSymbol(.leftParen) else {
            let context = what()
            throw expectedError("'(' after \(context)")
        }
        let openedAt = tokens[pos].span.start
        advance()
        openBrackets += 1
        var parameters: [Identifier] = []
        while !atSymbol(.rightParen) {
            guard case .identifier(let name) = tokens[pos].kind else {
                if parameters.isEmpty || atEnd { break }
                throw expectedError("a parameter name")
            }
            let id = Identifier(name, tokens[pos].span)
            if parameters.contains(where: { $0.name == name }) {
                record(LocatedError("duplicate parameter '\(name)'", at: id.span))
            }
            parameters.append(id)
            advance()
            guard atSymbol(.comma) else { break }
            advance()
        }
        try expectClose(.rightParen, openedAt: openedAt)
        return parameters
    }

    // printStmt -> "print" [ expr { "," expr } ]
    private mutating func parsePrint() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        var values: [Expr] = []
        if !atStatementEnd {
            values.append(try parseExpr())
            while atSymbol(.comma) {
                advance()
                values.append(try parseExpr(expecting: "an expression after ','"))
            }
        }
        return .print(values, spanFrom(start))
    }

    // assertStmt -> "assert" expr [ "," expr ]
    private mutating func parseAssert() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let condition = try parseExpr(expecting: "a condition after 'assert'")
        var message: Expr?
        if atSymbol(.comma) {
            advance()
            message = try parseExpr(expecting: "a message after ','")
        }
        return .assert(condition, message: message, spanFrom(start))
    }

    // setStmt -> "set" ( "samples" expr | "seed" expr | "fiscal_year_start" NAME )
    private mutating func parseSet() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let setting = try expectName("a setting after 'set' (samples, seed or fiscal_year_start)")
        switch setting.name {
        case "samples", "seed":
            let value = try parseExpr(expecting: "a number after '\(setting.name)'")
            return .set(setting, value, spanFrom(start))
        case "fiscal_year_start":
            let month = try expectName("a month name after 'fiscal_year_start'")
            return .set(setting, .name(month), spanFrom(start))
        default:
            throw failure("unknown setting '\(setting.name)'; the settings are samples, seed and fiscal_year_start",
                          at: setting.span)
        }
    }

    // scenarioStmt -> "scenario" NAME "{" stmtList "}"
    private mutating func parseScenario() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let name = try expectName("a scenario name after 'scenario'")
        guard atSymbol(.leftBrace) else {
            throw expectedError("'{' after 'scenario \(name.name)'")
        }
        let openedAt = tokens[pos].span.start
        try enter(Self.blockLevels)
        advance()
        openBrackets += 1
        let body = parseStatementList(inBlock: true)
        try expectClose(.rightBrace, openedAt: openedAt)
        depth -= Self.blockLevels
        return .scenario(name, body, spanFrom(start))
    }

    // compareStmt -> "compare" NAME { "," NAME }
    private mutating func parseCompare() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        var names = [try expectName("a scenario name after 'compare'")]
        while atSymbol(.comma) {
            advance()
            names.append(try expectName("a scenario name after ','"))
        }
        return .compare(names, spanFrom(start))
    }

    // MARK: - Domain statements (SPEC §6)

    // companyStmt -> "company" NAME [ STRING ]
    // benchmarkStmt -> "benchmark" NAME [ STRING ]
    private mutating func parseNamedEntity(_ word: Word) throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let name = try expectName("a \(word.rawValue) name after '\(word.rawValue)'")
        let display = try parseDisplayName()
        let statement: DomainStmt = word == .company
            ? .company(name, displayName: display) : .benchmark(name, displayName: display)
        return .domain(statement, spanFrom(start))
    }

    /// An optional `"Display Name"`: a plain string, known before running.
    private mutating func parseDisplayName() throws -> String? {
        guard case .string(let segments) = tokens[pos].kind else { return nil }
        let span = tokens[pos].span
        advance()
        var text = ""
        for segment in segments {
            switch segment {
            case .text(let piece): text += piece
            case .interpolation:
                throw failure("a display name must be a plain string, without '{…}'", at: span)
            }
        }
        return text
    }

    // mergeStmt -> "merge" NAME "into" NAME [ "on" expr ] [ "as" NAME [ STRING ] ]
    private mutating func parseMerge() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let absorbed = try expectName("a company name after 'merge'")
        try expectWord("into", after: "'merge \(absorbed.name)'")
        let survivor = try expectName("a company name after 'into'")
        var date: Expr?
        if atWord("on") {
            advance()
            date = try parseExpr(expecting: "a date after 'on'")
        }
        var newName: Identifier?
        var display: String?
        if atWord("as") {
            advance()
            newName = try expectName("the merged company's name after 'as'")
            display = try parseDisplayName()
        }
        return .domain(.merge(absorbed, into: survivor, on: date, as: newName, displayName: display), spanFrom(start))
    }

    // dealStmt -> "deal" NAME [ "at" expr ] [ "cash" | "stock" | "mixed" ]
    private mutating func parseDeal() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let name = try expectName("a deal name after 'deal'")
        var price: Expr?
        if atWord("at") {
            advance()
            price = try parseExpr(expecting: "a price after 'at'")
        }
        var consideration: Consideration?
        if case .identifier(let word) = tokens[pos].kind {
            guard let kind = Consideration(rawValue: word) else {
                let expected = price == nil ? "'at', 'cash', 'stock' or 'mixed'" : "'cash', 'stock' or 'mixed'"
                throw expectedError("\(expected) after 'deal \(name.name)'")
            }
            consideration = kind
            advance()
        }
        return .domain(.deal(name, price: price, consideration: consideration), spanFrom(start))
    }

    // buyerStmt -> "buyer" NAME
    // targetStmt -> "target" NAME
    private mutating func parseParty(_ word: Word) throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let company = try expectName("a company name after '\(word.rawValue)'")
        return .domain(word == .buyer ? .buyer(company) : .target(company), spanFrom(start))
    }

    // announceStmt -> "announce" expr
    // closeStmt -> "close" expr
    private mutating func parseDated(_ word: Word) throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let date = try parseExpr(expecting: "a date after '\(word.rawValue)'")
        return .domain(word == .announce ? .announce(date) : .close(date), spanFrom(start))
    }

    // breakupStmt -> "breakup" expr [ "paid" "by" ( "buyer" | "target" ) ]
    private mutating func parseBreakup() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let amount = try parseExpr(expecting: "an amount after 'breakup'")
        var payer: Party?
        if atWord("paid") {
            advance()
            try expectWord("by", after: "'paid'")
            guard case .identifier(let word) = tokens[pos].kind, let party = Party(rawValue: word) else {
                throw expectedError("'buyer' or 'target' after 'paid by'")
            }
            payer = party
            advance()
        }
        return .domain(.breakup(amount, paidBy: payer), spanFrom(start))
    }

    // conditionStmt -> "condition" NAME [ expr ]
    private mutating func parseCondition() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let name = try expectName("a condition name after 'condition'")
        var probability: Expr?
        if !atStatementEnd {
            probability = try parseExpr(expecting: "a probability after '\(name.name)'")
        }
        return .domain(.condition(name, probability), spanFrom(start))
    }

    // convertStmt -> "convert" "into" expr [ "at" expr ]
    private mutating func parseConvert() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        try expectWord("into", after: "'convert'")
        let share = try parseExpr(expecting: "a share class after 'into'")
        var valuation: Expr?
        if atWord("at") {
            advance()
            valuation = try parseExpr(expecting: "a valuation after 'at'")
        }
        return .domain(.convert(into: share, at: valuation), spanFrom(start))
    }

    // outcomeStmt -> "outcome" ( "closed" expr | "abandoned" expr [ "fee" "paid" ] )
    private mutating func parseOutcome() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let closed: Bool
        if atWord("closed") {
            closed = true
        } else if atWord("abandoned") {
            closed = false
        } else {
            throw expectedError("'closed' or 'abandoned' after 'outcome'")
        }
        advance()
        let date = try parseExpr(expecting: "a date after '\(closed ? "closed" : "abandoned")'")
        var feePaid = false
        if !closed && atWord("fee") {
            advance()
            try expectWord("paid", after: "'fee'")
            feePaid = true
        }
        return .domain(.outcome(closed: closed, date, feePaid: feePaid), spanFrom(start))
    }

    // modelStmt -> "model" NAME { modelClause }
    private mutating func parseModel() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let name = try expectName("a model name after 'model'")
        var clauses: [ModelClause] = []
        var seen: Set<String> = []
        while case .identifier(let word) = tokens[pos].kind {
            switch word {
            case "by", "params", "trained", "release": break
            default: throw expectedError("'by', 'params', 'trained' or 'release' in 'model \(name.name)'")
            }
            if !seen.insert(word).inserted {
                record(LocatedError("'\(word)' is given twice for model '\(name.name)'", at: tokens[pos].span))
            }
            clauses.append(try parseModelClause())
        }
        return .domain(.model(name, clauses), spanFrom(start))
    }

    private mutating func parseModelClauseStatement() throws -> Stmt {
        let start = tokens[pos].span.start
        let clause = try parseModelClause()
        return .domain(.modelClause(clause), spanFrom(start))
    }

    // modelClause -> "by" NAME | "params" expr | "trained" expr | "release" expr
    private mutating func parseModelClause() throws -> ModelClause {
        guard case .identifier(let word) = tokens[pos].kind else { throw expectedError("a model clause") }
        switch word {
        case "by":
            advance()
            return .by(try expectName("a company name after 'by'"))
        case "params":
            advance()
            return .params(try parseExpr(expecting: "a parameter count after 'params'"))
        case "trained":
            advance()
            return .trained(try parseExpr(expecting: "a date after 'trained'"))
        case "release":
            advance()
            return .release(try parseExpr(expecting: "a date after 'release'"))
        default:
            throw expectedError("a model clause")
        }
    }

    // scoreStmt -> "score" NAME "on" NAME expr
    private mutating func parseScore() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let model = try expectName("a model name after 'score'")
        try expectWord("on", after: "'score \(model.name)'")
        let benchmark = try expectName("a benchmark name after 'on'")
        let value = try parseExpr(expecting: "a score after '\(benchmark.name)'")
        return .domain(.score(model, on: benchmark, value), spanFrom(start))
    }

    // departuresStmt -> "departures" NAME expr [ "since" expr ]
    private mutating func parseDepartures() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let company = try expectName("a company name after 'departures'")
        let count = try parseExpr(expecting: "a number of people after '\(company.name)'")
        var since: Expr?
        if atWord("since") {
            advance()
            since = try parseExpr(expecting: "a date after 'since'")
        }
        return .domain(.departures(company, count, since: since), spanFrom(start))
    }

    // eventStmt -> "event" expr expr
    private mutating func parseEvent() throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        let date = try parseExpr(expecting: "a date after 'event'")
        let text = try parseExpr(expecting: "the event's text (a string) after its date")
        return .domain(.event(date, text), spanFrom(start))
    }

    // timelineStmt -> "timeline"
    // reportStmt -> "report"
    private mutating func parseBareWord(_ word: Word) throws -> Stmt {
        let start = tokens[pos].span.start
        advance()
        return .domain(word == .timeline ? .timeline : .report, spanFrom(start))
    }

    // MARK: - Expressions

    /// `parseExpr`, first checking that an expression starts here so that
    /// the message can name what the context needs.
    private mutating func parseExpr(expecting what: @autoclosure () -> String) throws -> Expr {
        try requireExpression(what())
        return try parseExpr()
    }

    /// Fails with "expected WHAT, found …" unless an expression starts here.
    /// (A call of its own, so that the recursive parse functions keep small
    /// stack frames: messages are built only here and in other error helpers.)
    private mutating func requireExpression(_ what: @autoclosure () -> String) throws {
        if !atExpressionStart() { throw expectedError(what()) }
    }

    // expr -> ifExpr | lambda | orExpr
    mutating func parseExpr() throws -> Expr {
        try enter()
        defer { depth -= 1 }
        if atKeyword(.if) { return try parseIf() }
        if atKeyword(.fn) { return try parseLambda() }
        return try parseBinary(Level.or)
    }

    // ifExpr -> "if" expr "then" expr "else" expr
    private mutating func parseIf() throws -> Expr {
        let start = tokens[pos].span.start
        advance()
        pendingIfs += 1
        try requireExpression("a condition after 'if'")
        let condition = try parseExpr()
        guard atKeyword(.then) else { throw ifError("expected 'then' after the condition of", start) }
        advance()
        try requireExpression("an expression after 'then'")
        let whenTrue = try parseExpr()
        guard atKeyword(.else) else { throw ifError("expected 'else' to finish", start) }
        advance()
        try requireExpression("an expression after 'else'")
        let whenFalse = try parseExpr()
        pendingIfs -= 1
        return .ifElse(condition, then: whenTrue, else: whenFalse, spanFrom(start))
    }

    // lambda -> "fn" "(" [ params ] ")" "=>" expr
    private mutating func parseLambda() throws -> Expr {
        let start = tokens[pos].span.start
        advance()
        if atIdentifier() { throw namedLambdaError() }
        let parameters = try parseParameters(after: "'fn'")
        guard atSymbol(.arrow) else { throw expectedError("'=>' after the parameters of 'fn'") }
        advance()
        try requireExpression("an expression after '=>'")
        let body = try parseExpr()
        return .lambda(parameters, body: body, spanFrom(start))
    }

    /// Precedence levels of SPEC §3 that `parseBinary` climbs.
    private enum Level {
        static let or = 2, and = 3, not = 4, comparison = 5, range = 6, sum = 7, product = 8
    }

    private static func binaryOperator(_ kind: TokenKind) -> (BinaryOperator, Int)? {
        switch kind {
        case .keyword(.or): return (.or, Level.or)
        case .keyword(.and): return (.and, Level.and)
        case .symbol(.equal): return (.equal, Level.comparison)
        case .symbol(.notEqual): return (.notEqual, Level.comparison)
        case .symbol(.less): return (.less, Level.comparison)
        case .symbol(.lessEqual): return (.lessEqual, Level.comparison)
        case .symbol(.greater): return (.greater, Level.comparison)
        case .symbol(.greaterEqual): return (.greaterEqual, Level.comparison)
        case .keyword(.in): return (.in, Level.comparison)
        case .keyword(.to): return (.to, Level.range)
        case .symbol(.plus): return (.add, Level.sum)
        case .symbol(.minus): return (.subtract, Level.sum)
        case .symbol(.star): return (.multiply, Level.product)
        case .symbol(.slash): return (.divide, Level.product)
        case .keyword(.mod): return (.mod, Level.product)
        default: return nil
        }
    }

    /// The level of the binary operator at the current token, 0 if none.
    private mutating func operatorLevel() -> Int {
        Self.binaryOperator(tokens[pos].kind)?.1 ?? 0
    }

    // One function climbs levels 2 to 8 (fewer stack frames per nesting
    // level than one function per level); each rule is still exact.
    //
    // orExpr -> andExpr { "or" andExpr }
    // andExpr -> notExpr { "and" notExpr }
    // comparison -> range [ compareOp range ]
    // compareOp -> "==" | "!=" | "<" | "<=" | ">" | ">=" | "in"
    // range -> sum [ "to" sum ]
    // sum -> product { ( "+" | "-" ) product }
    // product -> unary { ( "*" | "/" | "mod" ) unary }
    private mutating func parseBinary(_ minLevel: Int) throws -> Expr {
        let start = tokens[pos].span.start
        let left = minLevel <= Level.not && atKeyword(.not) ? try parseNot() : try parseUnary()
        if operatorLevel() < minLevel { return left }
        return try parseBinaryOperators(left, start: start, minLevel: minLevel)
    }

    /// The loop of `parseBinary`, apart so that the frames of the common
    /// path (a lone operand) stay small.
    private mutating func parseBinaryOperators(_ first: Expr, start: Int, minLevel: Int) throws -> Expr {
        var left = first
        var chained = 0
        defer { depth -= chained }
        while let (op, level) = Self.binaryOperator(tokens[pos].kind), level >= minLevel {
            let operatorSpan = tokens[pos].span
            advance()
            try enter()
            chained += 1
            // The right side climbs one level up (so `and` may take a `not`).
            let next = level + 1
            if !(atPrimaryStart() || atSymbol(.minus) || (next <= Level.not && atKeyword(.not))) {
                throw operandError(after: op.rawValue)
            }
            let right = level == Level.product ? try parseUnary() : try parseBinary(next)
            left = .binary(op, left, right, operatorSpan: operatorSpan, spanFrom(start))
            if level == Level.comparison || level == Level.range { recordChain(op, level) }
        }
        return left
    }

    // notExpr -> "not" notExpr | comparison
    private mutating func parseNot() throws -> Expr {
        // Iterative: a long run of `not`s costs no stack, only depth.
        var starts: [Int] = []
        defer { depth -= starts.count }
        while atKeyword(.not) {
            try enter()
            starts.append(tokens[pos].span.start)
            advance()
        }
        if !(atPrimaryStart() || atSymbol(.minus)) { throw operandError(after: "not") }
        var e = try parseBinary(Level.comparison)
        for start in starts.reversed() {
            e = .unary(.not, e, SourceSpan(start: start, end: e.span.end))
        }
        return e
    }

    // unary -> "-" unary | power
    private mutating func parseUnary() throws -> Expr {
        if atSymbol(.minus) { return try parseNegation(power: false) }
        return try parsePower()
    }

    // exponent -> "-" exponent | power
    private mutating func parseExponent() throws -> Expr {
        if atSymbol(.minus) { return try parseNegation(power: true) }
        if !atPrimaryStart() { throw expectedError("an exponent after '^'") }
        return try parsePower()
    }

    /// A run of unary minuses (iterative: it costs depth, not stack) and
    /// its operand.
    private mutating func parseNegation(power: Bool) throws -> Expr {
        var starts: [Int] = []
        defer { depth -= starts.count }
        while atSymbol(.minus) {
            try enter()
            starts.append(tokens[pos].span.start)
            advance()
        }
        if !atPrimaryStart() {
            throw power ? expectedError("an exponent after '^'") : operandError(after: "-")
        }
        var e = try parsePower()
        for start in starts.reversed() {
            e = Self.negate(e, start: start)
        }
        return e
    }

    // power -> postfix [ "^" exponent ]
    private mutating func parsePower() throws -> Expr {
        let start = tokens[pos].span.start
        let base = try parsePostfix()
        if !atSymbol(.caret) { return base }
        return try parseExponentiation(base, start: start)
    }

    private mutating func parseExponentiation(_ base: Expr, start: Int) throws -> Expr {
        let operatorSpan = tokens[pos].span
        advance()
        try enter()
        defer { depth -= 1 }
        let exponent = try parseExponent()
        return .binary(.power, base, exponent, operatorSpan: operatorSpan, spanFrom(start))
    }

    /// `-e`, folded into a numeric literal so that `-$10B` is a money literal.
    private static func negate(_ e: Expr, start: Int) -> Expr {
        let span = SourceSpan(start: start, end: e.span.end)
        guard case .literal(let literal, _) = e else { return .unary(.negate, e, span) }
        switch literal {
        case .number(let v): return .literal(.number(-v), span)
        case .money(let v, let currency): return .literal(.money(-v, currency: currency), span)
        case .percent(let v): return .literal(.percent(-v), span)
        case .points(let v): return .literal(.points(-v), span)
        case .duration(let d): return .literal(.duration(CalendarDuration(months: -d.months, days: -d.days)), span)
        default: return .unary(.negate, e, span)
        }
    }

    // postfix -> primary { call | member | index | pipe }
    private mutating func parsePostfix() throws -> Expr {
        let start = tokens[pos].span.start
        let e = try parsePrimary()
        if !atPostfixStart() { return e }
        return try parsePostfixSteps(e, start: start)
    }

    private mutating func atPostfixStart() -> Bool {
        atSymbol(.leftParen) || atSymbol(.dot) || atSymbol(.leftBracket) || atSymbol(.pipe)
    }

    // call -> "(" [ args ] ")"
    // member -> "." NAME
    // index -> "[" expr "]"
    private mutating func parsePostfixSteps(_ first: Expr, start: Int) throws -> Expr {
        var e = first
        var steps = 0
        defer { depth -= steps }
        while atPostfixStart() {
            try enter()
            steps += 1
            if atSymbol(.leftParen) {
                let arguments = try parseArguments()
                e = .call(e, arguments, spanFrom(start))
            } else if atSymbol(.dot) {
                advance()
                let name = try expectName("a member name after '.'")
                e = .member(e, name, spanFrom(start))
            } else if atSymbol(.leftBracket) {
                let openedAt = tokens[pos].span.start
                advance()
                openBrackets += 1
                try requireExpression("an index after '['")
                let index = try parseExpr()
                try expectClose(.rightBracket, openedAt: openedAt)
                e = .index(e, index, spanFrom(start))
            } else {
                e = try parsePipe(e, start: start)
            }
        }
        return e
    }

    // pipe -> "|>" primary { member } [ call ]
    private mutating func parsePipe(_ e: Expr, start: Int) throws -> Expr {
        advance()
        let calleeStart = tokens[pos].span.start
        if !atPrimaryStart() { throw expectedError("a function after '|>'") }
        var callee = try parsePrimary()
        while atSymbol(.dot) {
            advance()
            let name = try expectName("a member name after '.'")
            callee = .member(callee, name, spanFrom(calleeStart))
        }
        var arguments = [e]
        if atSymbol(.leftParen) {
            arguments += try parseArguments()
        }
        return .call(callee, arguments, spanFrom(start))
    }

    // args -> expr { "," expr } [ "," ]
    private mutating func parseArguments() throws -> [Expr] {
        let openedAt = tokens[pos].span.start
        advance()
        openBrackets += 1
        var arguments: [Expr] = []
        while !atSymbol(.rightParen) && atExpressionStart() {
            arguments.append(try parseExpr())
            if !atSymbol(.comma) { break }
            advance()
        }
        try expectClose(.rightParen, openedAt: openedAt)
        return arguments
    }

    // primary -> literal | string | NAME | group | list | block
    private mutating func parsePrimary() throws -> Expr {
        if atSymbol(.leftParen) { return try parseGroup() }
        if atSymbol(.leftBracket) { return try parseList() }
        if atSymbol(.leftBrace) { return try parseBlockExpression() }
        return try parseAtom()
    }

    // literal -> NUMBER | MONEY | PERCENT | POINTS | DURATION | DATE | PERIOD | "true" | "false"
    private mutating func parseAtom() throws -> Expr {
        let token = tokens[pos]
        if let literal = Self.literal(token.kind) {
            advance()
            return .literal(literal, token.span)
        }
        switch token.kind {
        case .identifier(let name):
            advance()
            return .name(Identifier(name, token.span))
        case .string(let segments):
            advance()
            return parseString(segments, span: token.span)
        default:
            throw expectedError("an expression")
        }
    }

    private static func literal(_ kind: TokenKind) -> Literal? {
        switch kind {
        case .number(let v): return .number(v)
        case .money(let v, let currency): return .money(v, currency: currency)
        case .percent(let v): return .percent(v)
        case .points(let v): return .points(v)
        case .duration(let d): return .duration(d)
        case .date(let d): return .date(d)
        case .period(let p): return .period(p)
        case .keyword(.true): return .bool(true)
        case .keyword(.false): return .bool(false)
        default: return nil
        }
    }

    // group -> "(" expr ")"
    private mutating func parseGroup() throws -> Expr {
        let openedAt = tokens[pos].span.start
        advance()
        openBrackets += 1
        try requireExpression("an expression after '('")
        let e = try parseExpr()
        try expectClose(.rightParen, openedAt: openedAt)
        return e
    }

    // list -> "[" [ expr { "," expr } [ "," ] ] "]"
    private mutating func parseList() throws -> Expr {
        let openedAt = tokens[pos].span.start
        advance()
        openBrackets += 1
        var elements: [Expr] = []
        while !atSymbol(.rightBracket) && atExpressionStart() {
            elements.append(try parseExpr())
            if !atSymbol(.comma) { break }
            advance()
        }
        try expectClose(.rightBracket, openedAt: openedAt)
        return .list(elements, spanFrom(openedAt))
    }

    private mutating func parseBlockExpression() throws -> Expr {
        try enter(Self.blockLevels)
        defer { depth -= Self.blockLevels }
        return try parseBlock()
    }

    // block -> "{" stmtList "}"
    private mutating func parseBlock() throws -> Expr {
        let openedAt = tokens[pos].span.start
        advance()
        openBrackets += 1
        let errorsBefore = found.count
        let statements = parseStatementList(inBlock: true)
        try expectClose(.rightBrace, openedAt: openedAt)
        let span = spanFrom(openedAt)
        if found.count == errorsBefore, !Self.isExpression(statements.last) {
            record(LocatedError("a block must end with an expression, which gives its value", at: span))
        }
        return .block(statements, span)
    }

    private static func isExpression(_ statement: Stmt?) -> Bool {
        if case .expression = statement { return true }
        return false
    }

    // string -> STRING
    private mutating func parseString(_ segments: [StringSegment], span: SourceSpan) -> Expr {
        // Each level re-lexes the source of the levels inside it; a small
        // bound keeps that linear.
        if interpolationDepth >= Self.maxInterpolationNesting, segments.contains(where: Self.isInterpolation) {
            record(LocatedError("strings nested too deep inside interpolations", at: span,
                                help: "at most \(Self.maxInterpolationNesting) levels; bind the inner string with 'let'"))
            return .string([], span)
        }
        var parts: [StringPart] = []
        parts.reserveCapacity(segments.count)
        for segment in segments {
            switch segment {
            case .text(let text):
                parts.append(.text(text))
            case .interpolation(let text, let offset):
                // A sub-parse in place: its spans, and its errors, fall inside the string.
                let (tokens, lexErrors) = Lexer.tokenize(text, base: offset)
                var inner = Parser(tokens: tokens, source: source, depth: depth + 1,
                                   interpolationDepth: interpolationDepth + 1)
                inner.nestStart = nestStart
                for error in lexErrors { inner.record(error) }
                if let e = inner.parseInterpolation() { parts.append(.interpolation(e)) }
                for entry in inner.found { record(entry.error) }
            }
        }
        return .string(parts, span)
    }

    private static func isInterpolation(_ segment: StringSegment) -> Bool {
        if case .interpolation = segment { return true }
        return false
    }

    // interpolation -> expr
    private mutating func parseInterpolation() -> Expr? {
        do {
            let e = try parseExpr(expecting: "an expression inside '{…}'")
            if !atEnd {
                throw expectedError("'}' to end the interpolation")
            }
            return e
        } catch {
            record(Self.located(error))
            return nil
        }
    }

    // MARK: - Token helpers

    // The helpers are `mutating` although they only read: from a mutating
    // method, a debug build copies the whole parser onto the stack for every
    // call of a non-mutating one, which made each nesting level cost kilobytes.

    private var current: Token { mutating get { tokens[pos] } }

    private var peek: Token { mutating get { pos + 1 < tokens.count ? tokens[pos + 1] : tokens[tokens.count - 1] } }

    private var atEnd: Bool { mutating get { tokens[pos].kind == .eof } }

    private var atNewline: Bool { mutating get { tokens[pos].kind == .newline } }

    private var atStatementEnd: Bool { mutating get { atEnd || atNewline || atSymbol(.rightBrace) } }

    private mutating func atSymbol(_ symbol: Symbol) -> Bool {
        if case .symbol(let s) = tokens[pos].kind { return s == symbol }
        return false
    }

    private mutating func atKeyword(_ keyword: Keyword) -> Bool {
        if case .keyword(let k) = tokens[pos].kind { return k == keyword }
        return false
    }

    /// A contextual word (`at`, `into`, `paid`, …): an identifier matched by name.
    private mutating func atWord(_ word: String) -> Bool {
        if case .identifier(let name) = tokens[pos].kind { return name == word }
        return false
    }

    private mutating func advance() {
        if case .eof = tokens[pos].kind { return }
        previousEnd = tokens[pos].span.end
        pos += 1
        // `peek` needs the token after this one.
        if pos + 1 >= tokens.count && lexing { refill() }
    }

    /// Lexes the next batch of tokens onto the end of `tokens`.
    @inline(never)
    private mutating func refill() {
        guard var scanner = lexer else { return }
        lexer = nil  // `scanner` is now the only owner: no copy as it grows
        // The lexer appends straight onto our tokens.
        swap(&tokens, &scanner.tokens)
        scanner.lex(atLeast: scanner.tokens.count + Self.batch)
        swap(&tokens, &scanner.tokens)
        if scanner.finished {
            lexerErrors = scanner.errors
            lexing = false
        } else {
            lexer = scanner
        }
    }

    /// Drops the tokens before the previous one; only between top-level
    /// statements, where no token position is held.
    private mutating func dropConsumedTokens() {
        guard lexing || tokens.count > Self.batch, pos > Self.batch else { return }
        tokens.removeFirst(pos - 1)
        pos = 1
    }

    private mutating func skipNewlines() {
        while atNewline { advance() }
    }

    /// From `start` to the end of the last consumed token.
    private mutating func spanFrom(_ start: Int) -> SourceSpan {
        SourceSpan(start: start, end: previousEnd)
    }

    private mutating func enter(_ levels: Int = 1) throws {
        if depth == 0 { nestStart = tokens[pos].span.start }
        depth += levels
        if depth > Self.maxDepth {
            depth -= levels
            // From the outermost level to the one past the limit.
            let span = SourceSpan(start: nestStart, end: tokens[pos].span.end)
            throw failure("nesting too deep", at: span,
                          help: "at most \(Self.maxDepth) levels of brackets, blocks and operators; split it with 'let'")
        }
    }

    private mutating func expectName(_ what: @autoclosure () -> String) throws -> Identifier {
        guard case .identifier(let name) = tokens[pos].kind else {
            let help = reservedWordHelp()
            throw expectedError(what(), help: help)
        }
        let id = Identifier(name, tokens[pos].span)
        advance()
        return id
    }

    private mutating func expectWord(_ word: String, after what: @autoclosure () -> String) throws {
        guard atWord(word) else {
            let context = what()
            throw expectedError("'\(word)' after \(context)")
        }
        advance()
    }

    /// Consumes `closer`, or fails naming where its opener was.
    private mutating func expectClose(_ closer: Symbol, openedAt: Int) throws {
        if !atSymbol(closer) { throw closeError(closer, openedAt: openedAt) }
        advance()
        openBrackets -= 1
    }

    @inline(never)
    private mutating func closeError(_ closer: Symbol, openedAt: Int) -> LocatedError {
        let (line, column) = source.location(of: openedAt)
        let opener = switch closer {
        case .rightParen: "("
        case .rightBracket: "["
        default: "{"
        }
        return expectedError("'\(closer.rawValue)' to close '\(opener)' at \(line):\(column)")
    }

    private mutating func atIdentifier() -> Bool {
        if case .identifier = tokens[pos].kind { return true }
        return false
    }

    private static func canStartPrimary(_ kind: TokenKind) -> Bool {
        switch kind {
        case .number, .money, .percent, .points, .duration, .date, .period, .string, .identifier,
             .keyword(.true), .keyword(.false),
             .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace):
            return true
        default:
            return false
        }
    }

    private mutating func atPrimaryStart() -> Bool { Self.canStartPrimary(tokens[pos].kind) }

    private mutating func atExpressionStart() -> Bool {
        switch tokens[pos].kind {
        case .symbol(.minus), .keyword(.not), .keyword(.if), .keyword(.fn): return true
        default: return atPrimaryStart()
        }
    }

    private mutating func reservedWordHelp() -> String? {
        guard case .keyword(let k) = tokens[pos].kind else { return nil }
        return "'\(k.rawValue)' is a reserved word and cannot be used as a name"
    }

    /// For a token that starts an expression of a lower level than the
    /// place it stands in (`1 + not x`, `2 * if …`).
    private mutating func misplacedHelp() -> String? {
        switch tokens[pos].kind {
        case .keyword(.not): return "put 'not …' in parentheses: it binds more loosely than comparisons"
        case .keyword(.if): return "put the 'if … then … else …' in parentheses"
        case .keyword(.fn): return "put the function 'fn(…) => …' in parentheses"
        case .symbol(.assign): return "'=' binds names only in 'let'; compare with '=='"
        default: return nil
        }
    }

    /// How a token is named in messages.
    private func describe(_ token: Token) -> String {
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

    private func sourceText(_ span: SourceSpan) -> String {
        let lower = min(max(span.start - source.base, 0), source.bytes.count)
        let upper = min(max(span.end - source.base, lower), source.bytes.count)
        return String(decoding: source.bytes[lower..<upper], as: UTF8.self)
    }

    // MARK: - Errors

    // The message builders below are separate, never-inlined functions so
    // that the recursive parse functions, which only call them, keep small
    // stack frames (string interpolation is costly in frames in debug builds).

    /// "expected WHAT, found …" at the current token.
    @inline(never)
    private mutating func expectedError(_ what: @autoclosure () -> String, help: String? = nil) -> LocatedError {
        let message = "expected \(what()), found \(describe(current))"
        return failure(message, help: help ?? misplacedHelp())
    }

    @inline(never)
    private mutating func operandError(after op: String) -> LocatedError {
        expectedError("an expression after '\(op)'")
    }

    @inline(never)
    private mutating func ifError(_ what: String, _ start: Int) -> LocatedError {
        let line = source.location(of: start).line
        return failure("\(what) 'if' at line \(line), found \(describe(current))")
    }

    @inline(never)
    private mutating func namedLambdaError() -> LocatedError {
        let name = describe(current)
        return failure("expected '(' after 'fn', found \(name)",
                       help: "a named function is a statement of its own: fn \(name.dropFirst().dropLast())(…) = …")
    }

    /// `close + 1`: a statement word at the start of a statement, followed
    /// by an operator that no statement takes.
    @inline(never)
    private mutating func statementWordError(_ word: Word) -> LocatedError {
        let name = word.rawValue
        let next = describe(peek)
        return failure("'\(name)' starts a statement here, so \(next) cannot follow it",
                       at: tokens[pos].span, help: "to use the name '\(name)' in an expression, write (\(name))")
    }

    /// `fn f(x) => …`, `fn f(x) x`.
    @inline(never)
    private mutating func functionBodyError(_ name: Identifier) -> LocatedError {
        let help = atSymbol(.arrow) ? "'=>' is for anonymous functions; write 'fn \(name.name)(…) = …'" : nil
        return expectedError("'=' or '{' after the parameters of '\(name.name)'", help: help)
    }

    /// `x = 1` as a statement.
    @inline(never)
    private mutating func assignmentError(_ target: Expr) -> LocatedError {
        if case .name(let id) = target {
            return failure("use 'let \(id.name) = …' to bind a name", at: id.span)
        }
        return failure("cannot assign to an expression; use 'let name = …' to bind a name")
    }

    /// `a < b < c`, `a to b to c`: recorded, and the parse goes on.
    @inline(never)
    private mutating func recordChain(_ op: BinaryOperator, _ level: Int) {
        guard let (next, nextLevel) = Self.binaryOperator(tokens[pos].kind), nextLevel == level else { return }
        let message = op == .to
            ? "'to' cannot be chained: a range has two ends ('a to b')"
            : "comparison operators cannot be chained; write 'a \(op.rawValue) b and b \(next.rawValue) c'"
        record(LocatedError(message, at: tokens[pos].span))
    }

    /// Makes an error at `span` (default: the current token). It is an
    /// end-of-input one when the current token is the end and something
    /// is still open: a bracket, an `if`, or a line ending in an operator.
    private mutating func failure(_ message: String, at span: SourceSpan? = nil, help: String? = nil) -> LocatedError {
        let token = tokens[pos]
        lastFailureIncomplete = !isInterpolation && token.kind == .eof && span == nil
            && (openBrackets > 0 || pendingIfs > 0 || endsInContinuation)
        return LocatedError(message, at: span ?? token.span, help: help)
    }

    /// Whether the last token is one after which the lexer joins lines.
    private var endsInContinuation: Bool {
        guard pos > 0 else { return false }
        switch tokens[pos - 1].kind {
        case .symbol(let s):
            switch s {
            case .plus, .minus, .star, .slash, .caret, .equal, .notEqual, .less, .lessEqual,
                 .greater, .greaterEqual, .pipe, .arrow, .comma, .assign:
                return true
            default:
                return false
            }
        case .keyword(let k):
            switch k {
            case .then, .else, .and, .or, .not, .mod, .in, .to: return true
            default: return false
            }
        default:
            return false
        }
    }

    /// The parse functions throw only `LocatedError`s (untyped `throws`:
    /// typed throws gives every call site an error buffer in the frame).
    private static func located(_ error: any Error) -> LocatedError {
        error as? LocatedError ?? LocatedError("internal parser error: \(error)", at: .none)
    }

    private mutating func record(_ error: LocatedError) {
        found.append((error, lastFailureIncomplete && error.span.start == tokens[pos].span.start))
        lastFailureIncomplete = false
    }
}
