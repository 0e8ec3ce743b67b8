// Expressions (SPEC §3). Binary operators are parsed as in Lua's lparser.c:
// one priority table (`binaryOperator`) and one loop (`parseSubexpression`)
// that takes every operator above a limit, parsing each right operand with
// the operator's own limit. Lowest to highest:
//
//   level  1  if/then/else, fn(x) => e         (start of an expression only)
//          2  or        3  and        4  not    (prefix)
//          5  == != < <= > >= in                (non-associative)
//          6  to                                (non-associative)
//          7  + -       8  * / mod              (left-associative)
//          9  unary -   10 ^ (right-associative, its right side may carry '-')
//         11  call f(a), member x.m, index xs[i], pipe xs |> f(y) = f(xs, y)
//         12  literals, names, ( expr ), [ list ], { record }, { block }, strings
//
// `{` followed by NAME `:` starts a record, any other `{` a block. `with`
// is a word only after an expression and before `{` (r with {p: 60%}), so
// it stays an ordinary name everywhere else.
//
// A form of a lower level is not an operand of a higher one without
// parentheses (`1 + not x` and `1 + if …` are errors that say so).
// A left-associative chain is built in the loop, so its length costs neither
// stack nor depth; only what nests (brackets, prefix operators, right
// operands, `^`) counts toward `Parser.maxDepth`.

extension Parser {
    /// The levels of SPEC §3 that the priority table and the prefix
    /// operators use.
    enum Level {
        static let expression = 1, or = 2, and = 3, not = 4, comparison = 5, range = 6, sum = 7, product = 8
        static let unary = 9, power = 10
    }

    /// The priority table (Lua's `priority[]`): a binary operator's level,
    /// and the limit its right operand is parsed with — its own level for
    /// the left-associative ones (and the non-associative ones, whose chains
    /// `recordChain` reports), one less for the right-associative `^`, so
    /// that a unary minus (level 9) and another `^` may stand on its right.
    static func binaryOperator(_ kind: TokenKind) -> (op: BinaryOperator, level: Int, right: Int)? {
        switch kind {
        case .keyword(.or): return (.or, Level.or, Level.or)
        case .keyword(.and): return (.and, Level.and, Level.and)
        case .symbol(.equal): return (.equal, Level.comparison, Level.comparison)
        case .symbol(.notEqual): return (.notEqual, Level.comparison, Level.comparison)
        case .symbol(.less): return (.less, Level.comparison, Level.comparison)
        case .symbol(.lessEqual): return (.lessEqual, Level.comparison, Level.comparison)
        case .symbol(.greater): return (.greater, Level.comparison, Level.comparison)
        case .symbol(.greaterEqual): return (.greaterEqual, Level.comparison, Level.comparison)
        case .keyword(.in): return (.in, Level.comparison, Level.comparison)
        case .keyword(.to): return (.to, Level.range, Level.range)
        case .symbol(.plus): return (.add, Level.sum, Level.sum)
        case .symbol(.minus): return (.subtract, Level.sum, Level.sum)
        case .symbol(.star): return (.multiply, Level.product, Level.product)
        case .symbol(.slash): return (.divide, Level.product, Level.product)
        case .keyword(.mod): return (.mod, Level.product, Level.product)
        case .symbol(.caret): return (.power, Level.power, Level.power - 1)
        default: return nil
        }
    }

    /// The level of the binary operator at the current token, 0 if none.
    private mutating func operatorLevel() -> Int {
        Self.binaryOperator(current.kind)?.level ?? 0
    }

    /// `parseExpr`, first checking that an expression starts here so that
    /// the message can name what the context needs.
    mutating func parseExpr(expecting what: @autoclosure () -> String) throws -> Expr {
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
        return try parseSubexpression(Level.expression)
    }

    // ifExpr -> "if" expr "then" expr "else" expr
    private mutating func parseIf() throws -> Expr {
        let start = current.span.start
        advance()
        unfinished.ifs += 1
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
        unfinished.ifs -= 1
        return .ifElse(condition, then: whenTrue, else: whenFalse, spanFrom(start))
    }

    // lambda -> "fn" "(" [ params ] ")" "=>" expr
    private mutating func parseLambda() throws -> Expr {
        let start = current.span.start
        advance()
        if atIdentifier() { throw namedLambdaError() }
        let parameters = try parseParameters(after: "'fn'")
        guard atSymbol(.arrow) else { throw expectedError("'=>' after the parameters of 'fn'") }
        advance()
        try requireExpression("an expression after '=>'")
        let body = try parseExpr()
        return .lambda(parameters, body: body, spanFrom(start))
    }

    // Levels 2 to 10 are one function and the table above; each rule is
    // still exact.
    //
    // orExpr -> andExpr { "or" andExpr }
    // andExpr -> notExpr { "and" notExpr }
    // notExpr -> "not" notExpr | comparison
    // comparison -> range [ compareOp range ]
    // compareOp -> "==" | "!=" | "<" | "<=" | ">" | ">=" | "in"
    // range -> sum [ "to" sum ]
    // sum -> product { ( "+" | "-" ) product }
    // product -> unary { ( "*" | "/" | "mod" ) unary }
    // unary -> "-" unary | power
    // power -> postfix [ "^" exponent ]
    // exponent -> "-" exponent | power
    /// Lua's `subexpr(limit)`: an operand (with its prefix `-` or `not`),
    /// then every binary operator whose level is above `limit`.
    mutating func parseSubexpression(_ limit: Int) throws -> Expr {
        let start = current.span.start
        let left: Expr
        if atSymbol(.minus) {
            // Only the right side of `^` is parsed with the limit of a unary minus.
            left = try parseNegation(exponent: limit == Level.unary)
        } else if limit < Level.not && atKeyword(.not) {
            left = try parseNot()
        } else {
            left = try parsePostfix()
        }
        if operatorLevel() <= limit { return left }
        return try parseBinaryOperators(left, start: start, limit: limit)
    }

    /// The loop of `parseSubexpression`, apart so that the frames of the
    /// common path (a lone operand) stay small. A chain `a + b + c` turns
    /// here, collected without recursion into one `.chain` node (a lone
    /// operator makes a `.binary`).
    private mutating func parseBinaryOperators(_ first: Expr, start: Int, limit: Int) throws -> Expr {
        // A lone operator, the usual case, is a `.binary` made as it is
        // found, with no array; from the second one on, links collect in
        // `rest`.
        var left = first
        var rest: [ChainLink]?
        var hasOperator = false
        while let (op, level, rightLimit) = Self.binaryOperator(current.kind), level > limit {
            let operatorSpan = current.span
            advance()
            let rightStart = current.span.start
            if !(atPrimaryStart() || atSymbol(.minus) || (rightLimit < Level.not && atKeyword(.not))) {
                throw op == .power ? expectedError("an exponent after '^'") : operandError(after: op.rawValue)
            }
            // The right operand nests (one level while it is parsed); the
            // chain's length does not.
            try enter()
            let right = try parseSubexpression(rightLimit)
            depth -= 1
            if op == .to {
                // The chain so far is the low end (built into a node only
                // at the end, so that a long chain is not copied per 'to').
                let low: (op: BinaryOperator, at: SourceSpan)?
                if let link = rest?.last {
                    low = Self.isArithmetic(link.op) ? (link.op, link.operatorSpan) : nil
                } else {
                    low = Self.bareArithmetic(left, from: start)
                }
                let high = Self.bareArithmetic(right, from: rightStart)
                if low != nil || high != nil {
                    recordAmbiguousRange(low: low, high: high, from: start, to: operatorSpan, highStart: rightStart)
                }
            }
            if hasOperator {
                let link = ChainLink(op: op, operatorSpan: operatorSpan, right: right, end: stream.previousEnd)
                if rest?.append(link) == nil { rest = [link] }
            } else {
                left = .binary(op, left, right, operatorSpan: operatorSpan, spanFrom(start))
                hasOperator = true
            }
            if level == Level.comparison || level == Level.range { recordChain(op, level) }
        }
        guard let rest else { return left }
        return Self.chain(left, rest)
    }

    /// The `.binary` of a chain's first operator, then `rest` applied left
    /// to right: one `.chain`.
    static func chain(_ left: Expr, _ rest: [ChainLink]) -> Expr {
        guard let last = rest.last, case .binary(let op, let first, let right, let at, let span) = left else {
            return left
        }
        let head = ChainLink(op: op, operatorSpan: at, right: right, end: span.end)
        return .chain(BinaryChain(first: first, links: [head] + rest, span: SourceSpan(start: span.start, end: last.end)))
    }

    /// When `e`, parsed from `start`, is a `+ - * /` expression outside
    /// brackets (a bracketed one starts after its `(`): the operator at its
    /// top, applied last, and that operator's span.
    private static func bareArithmetic(_ e: Expr, from start: Int) -> (op: BinaryOperator, at: SourceSpan)? {
        let top: (op: BinaryOperator, at: SourceSpan)?
        switch e {
        case .binary(let op, _, _, let at, _): top = (op, at)
        case .chain(let c): top = c.links.last.map { ($0.op, $0.operatorSpan) }
        default: top = nil
        }
        guard let top, e.span.start == start, isArithmetic(top.op) else { return nil }
        return top
    }

    private static func isArithmetic(_ op: BinaryOperator) -> Bool {
        switch op {
        case .add, .subtract, .multiply, .divide: true
        default: false
        }
    }

    /// A run of `not`s (iterative: it costs depth, not stack) and their
    /// operand.
    private mutating func parseNot() throws -> Expr {
        var starts: [Int] = []
        defer { depth -= starts.count }
        while atKeyword(.not) {
            try enter()
            starts.append(current.span.start)
            advance()
        }
        if !(atPrimaryStart() || atSymbol(.minus)) { throw operandError(after: "not") }
        var e = try parseSubexpression(Level.not)
        for start in starts.reversed() {
            e = .unary(.not, e, SourceSpan(start: start, end: e.span.end))
        }
        return e
    }

    /// A run of unary minuses (iterative: it costs depth, not stack) and
    /// their operand, which takes `^` but no other operator.
    private mutating func parseNegation(exponent: Bool) throws -> Expr {
        let first = current.span.start
        try enter()
        advance()
        var more: [Int] = []  // a lone minus, the usual case, allocates nothing
        defer { depth -= 1 + more.count }
        while atSymbol(.minus) {
            try enter()
            more.append(current.span.start)
            advance()
        }
        if !atPrimaryStart() {
            throw exponent ? expectedError("an exponent after '^'") : operandError(after: "-")
        }
        var e = try parseSubexpression(Level.unary)
        for start in more.reversed() {
            e = Self.negate(e, start: start)
        }
        return Self.negate(e, start: first)
    }

    /// `-e`, folded into a numeric literal so that `-$10B` is a money literal.
    static func negate(_ e: Expr, start: Int) -> Expr {
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

    // postfix -> primary { call | member | index | pipe | update }
    private mutating func parsePostfix() throws -> Expr {
        let start = current.span.start
        let e = try parsePrimary()
        if !atPostfixStart() { return e }
        return try parsePostfixSteps(e, start: start)
    }

    private mutating func atPostfixStart() -> Bool {
        atSymbol(.leftParen) || atSymbol(.dot) || atSymbol(.leftBracket) || atSymbol(.pipe) || atUpdate()
    }

    private mutating func atUpdate() -> Bool {
        atWord("with") && stream.peek.kind == .symbol(.leftBrace)
    }

    private mutating func atRecordStart() -> Bool {
        guard atSymbol(.leftBrace), case .identifier = stream.peek.kind else { return false }
        return stream.peekSecond.kind == .symbol(.colon)
    }

    // call -> "(" [ args ] ")"
    // member -> "." NAME
    // index -> "[" expr "]"
    // update -> "with" record
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
            } else if atUpdate() {
                advance()
                guard atRecordStart() else { throw expectedError("a record after 'with', e.g. {p: 60%}") }
                let fields = try parseRecordFields()
                e = .recordUpdate(e, fields, spanFrom(start))
            } else if atSymbol(.leftBracket) {
                let openedAt = current.span.start
                open()
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
        let calleeStart = current.span.start
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
        let openedAt = current.span.start
        open()
        var arguments: [Expr] = []
        while !atSymbol(.rightParen) && atExpressionStart() {
            arguments.append(try parseExpr())
            if !atSymbol(.comma) { break }
            advance()
        }
        try expectClose(.rightParen, openedAt: openedAt)
        return arguments
    }

    // primary -> literal | string | NAME | group | list | record | block
    private mutating func parsePrimary() throws -> Expr {
        if atSymbol(.leftParen) { return try parseGroup() }
        if atSymbol(.leftBracket) { return try parseList() }
        if atRecordStart() {
            let start = current.span.start
            return .record(try parseRecordFields(), spanFrom(start))
        }
        if atSymbol(.leftBrace) { return try parseBlockExpression() }
        return try parseAtom()
    }

    // literal -> NUMBER | MONEY | PERCENT | POINTS | DURATION | DATE | PERIOD | "true" | "false"
    private mutating func parseAtom() throws -> Expr {
        let token = current
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

    static func literal(_ kind: TokenKind) -> Literal? {
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
        let openedAt = current.span.start
        open()
        try requireExpression("an expression after '('")
        let e = try parseExpr()
        try expectClose(.rightParen, openedAt: openedAt)
        return e
    }

    // list -> "[" [ expr { "," expr } [ "," ] ] "]"
    private mutating func parseList() throws -> Expr {
        let openedAt = current.span.start
        open()
        var elements: [Expr] = []
        while !atSymbol(.rightBracket) && atExpressionStart() {
            elements.append(try parseExpr())
            if !atSymbol(.comma) { break }
            advance()
        }
        try expectClose(.rightBracket, openedAt: openedAt)
        return .list(elements, spanFrom(openedAt))
    }

    // record -> "{" field { "," field } [ "," ] "}"
    // field -> NAME ":" expr
    private mutating func parseRecordFields() throws -> [RecordField] {
        let openedAt = current.span.start
        open()
        var fields: [RecordField] = []
        while !atSymbol(.rightBrace) {
            let name = try expectName("a field name")
            guard atSymbol(.colon) else { throw expectedError("':' after the field name '\(name.name)'") }
            advance()
            try requireExpression("a value after '\(name.name):'")
            fields.append(RecordField(name: name, value: try parseExpr()))
            if !atSymbol(.comma) { break }
            advance()
        }
        try expectClose(.rightBrace, openedAt: openedAt)
        return fields
    }

    private mutating func parseBlockExpression() throws -> Expr {
        try enter(Self.blockLevels)
        defer { depth -= Self.blockLevels }
        return try parseBlock()
    }

    // block -> "{" stmtList "}"
    mutating func parseBlock() throws -> Expr {
        let openedAt = current.span.start
        open()
        let errorsBefore = found.count
        let statements = parseStatementList(inBlock: true)
        try expectClose(.rightBrace, openedAt: openedAt)
        let span = spanFrom(openedAt)
        if found.count == errorsBefore, !Self.isExpression(statements.last) {
            record(LocatedError("a block must end with an expression, which gives its value", at: span, kind: .syntax))
        }
        return .block(statements, span)
    }

    static func isExpression(_ statement: Stmt?) -> Bool {
        if case .expression = statement { return true }
        return false
    }

    // string -> STRING
    private mutating func parseString(_ segments: [StringSegment], span: SourceSpan) -> Expr {
        // Each level re-lexes the source of the levels inside it; a small
        // bound keeps that linear.
        if interpolationDepth >= Self.maxInterpolationNesting, segments.contains(where: Self.isInterpolation) {
            record(LocatedError("strings nested too deep inside interpolations", at: span,
                                help: "at most \(Self.maxInterpolationNesting) levels; bind the inner string with 'let'",
                                kind: .limit))
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
                var inner = Parser(stream: TokenStream(tokens: tokens, end: offset + text.utf8.count), source: source,
                                   depth: depth + 1, interpolationDepth: interpolationDepth + 1)
                inner.nestStart = nestStart
                for error in lexErrors { inner.record(error) }
                if let e = inner.parseInterpolation() { parts.append(.interpolation(e)) }
                for entry in inner.found { record(entry.error) }
            }
        }
        return .string(parts, span)
    }

    static func isInterpolation(_ segment: StringSegment) -> Bool {
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

    private mutating func atPrimaryStart() -> Bool { Self.canStartPrimary(current.kind) }

    mutating func atExpressionStart() -> Bool {
        switch current.kind {
        case .symbol(.minus), .keyword(.not), .keyword(.if), .keyword(.fn): return true
        default: return atPrimaryStart()
        }
    }

}
