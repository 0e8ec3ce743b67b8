// Statements (SPEC §4, §8): statement lists, the dispatch on the first
// token, and `let`, `fn`, `print`, `assert`, `set`, `scenario`, `compare`
// and expression statements. The deal-domain statements are in
// ParserDomain.swift.
//
// The first token decides the statement: `let`; `fn` followed by a NAME; a
// statement word (StatementWord.swift) where it is one; otherwise an
// expression.

extension Parser {
    // stmtList -> { NEWLINE } { statement NEWLINE { NEWLINE } } [ statement ]
    mutating func parseStatementList(inBlock: Bool) -> [Stmt] {
        var statements: [Stmt] = []
        skipNewlines()
        while true {
            if !inBlock && depth == 0 { stream.dropConsumed() }
            if atEnd { break }
            if atSymbol(.rightBrace) {
                if inBlock { break }
                record(failure("unexpected '}' with no open '{'"))
                advance()
                skipNewlines()
                continue
            }
            let start = stream.mark
            let startOffset = current.span.start
            let saved = (depth, unfinished)
            do {
                let statement = try parseStatement()
                if !(atNewline || atEnd || (inBlock && atSymbol(.rightBrace)) || (newlinesLost && atLineStart())) {
                    throw expectedError("a newline or ';' after the statement")
                }
                statements.append(statement)
            } catch {
                record(Self.located(error))
                synchronize(depth: unfinished.brackets - saved.1.brackets, inBlock: inBlock, statementStart: startOffset)
                (depth, unfinished) = saved
                if stream.mark == start && !atEnd && !(inBlock && atSymbol(.rightBrace)) { advance() }
            }
            skipNewlines()
        }
        return statements
    }

    // statement -> letStmt | fnStmt | printStmt | assertStmt | setStmt | scenarioStmt | compareStmt | domainStmt | modelClause | exprStmt
    mutating func parseStatement() throws -> Stmt {
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

    /// The statement word at the current token, if it is one here. SPEC §1:
    /// not when followed by `(`, `.` or `=` (then it is a name:
    /// `score(m, b)`, `cursor.close`, `close = …`) — except that `print`
    /// and `assert` stay statements before `(`: nothing of that name can be
    /// called, and `print (1 + 2) * 3` or `print("hi")` read as a call to
    /// an unknown function would only surprise.
    mutating func statementWord() -> StatementWord? {
        guard case .identifier(let name) = current.kind, let word = StatementWord.named(name) else { return nil }
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

    // exprStmt -> expr
    private mutating func parseExpressionStatement() throws -> Stmt {
        let start = current.span.start
        let e = try parseExpr()
        if atSymbol(.assign) { throw assignmentError(e) }
        if case .name(let id) = e, startsOperand(current.kind), let error = misspeltStatementError(id) { throw error }
        return .expression(e, spanFrom(start))
    }

    /// A token that could begin a statement's first argument (`prnt price`,
    /// `dael cursor at 60B`, `lte x = 1`): a name followed by one of these is
    /// no expression, so the name was meant to start a statement.
    private func startsOperand(_ kind: TokenKind) -> Bool {
        switch kind {
        case .identifier, .number, .money, .percent, .points, .duration, .date, .period, .string: true
        case .keyword(.true), .keyword(.false), .keyword(.not): true
        default: false
        }
    }

    // letStmt -> "let" NAME "=" expr
    private mutating func parseLet() throws -> Stmt {
        let start = current.span.start
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
        let start = current.span.start
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
    mutating func parseParameters(after what: @autoclosure () -> String) throws -> [Identifier] {
        guard atSymbol(.leftParen) else {
            let context = what()
            throw expectedError("'(' after \(context)")
        }
        let openedAt = current.span.start
        open()
        var parameters: [Identifier] = []
        while !atSymbol(.rightParen) {
            guard case .identifier(let name) = current.kind else {
                if parameters.isEmpty || atEnd { break }
                throw expectedError("a parameter name")
            }
            let id = Identifier(name, current.span)
            if parameters.contains(where: { $0.name == name }) {
                record(LocatedError("duplicate parameter '\(name)'", at: id.span, kind: .name))
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
        let start = current.span.start
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
        let start = current.span.start
        advance()
        let condition = try parseExpr(expecting: "a condition after 'assert'")
        var message: Expr?
        if atSymbol(.comma) {
            advance()
            message = try parseExpr(expecting: "a message after ','")
        }
        return .assert(condition, message: message, spanFrom(start))
    }

    // setStmt -> "set" ( "samples" expr | "seed" expr | "fiscal_year_start" NAME | "today" expr )
    private mutating func parseSet() throws -> Stmt {
        let start = current.span.start
        advance()
        let setting = try expectName("a setting after 'set' (samples, seed, fiscal_year_start or today)")
        switch setting.name {
        case "samples", "seed", "today":
            let value = try parseExpr(expecting: "a number after '\(setting.name)'")
            return .set(setting, value, spanFrom(start))
        case "fiscal_year_start":
            let month = try expectName("a month name after 'fiscal_year_start'")
            return .set(setting, .name(month), spanFrom(start))
        default:
            throw failure("unknown setting '\(setting.name)'; the settings are samples, seed, fiscal_year_start and today",
                          at: setting.span)
        }
    }

    // scenarioStmt -> "scenario" NAME [ "in" NAME { "." NAME } ] "{" stmtList "}"
    private mutating func parseScenario() throws -> Stmt {
        let start = current.span.start
        advance()
        let name = try expectName("a scenario name after 'scenario'")
        var parent: [Identifier] = []
        if atKeyword(.in) {
            advance()
            parent.append(try expectName("the scenario it builds on after 'in'"))
            while atSymbol(.dot) {
                advance()
                parent.append(try expectName("a scenario name after '.'"))
            }
        }
        guard atSymbol(.leftBrace) else {
            throw expectedError("'{' after 'scenario \(name.name)'")
        }
        let openedAt = current.span.start
        try enter(Self.blockLevels)
        open()
        let body = parseStatementList(inBlock: true)
        try expectClose(.rightBrace, openedAt: openedAt)
        depth -= Self.blockLevels
        return .scenario(name, in: parent, body, spanFrom(start))
    }

    // compareStmt -> "compare" column { "," column } [ ":" expr { "," expr } ]
    private mutating func parseCompare() throws -> Stmt {
        let start = current.span.start
        advance()
        var names = [try parseCompareColumn("a scenario name after 'compare'")]
        while atSymbol(.comma) {
            advance()
            names.append(try parseCompareColumn("a scenario name after ','"))
        }
        var rows: [Expr] = []
        if atSymbol(.colon) {
            advance()
            rows.append(try parseExpr())
            while atSymbol(.comma) {
                advance()
                rows.append(try parseExpr())
            }
        }
        return .compare(names, rows: rows, spanFrom(start))
    }

    // column -> NAME { "." NAME }
    /// A column of `compare`: a scenario's name, or the path of a nested
    /// one (`bear.worse`, one identifier spelled with its dots).
    private mutating func parseCompareColumn(_ what: String) throws -> Identifier {
        var name = try expectName(what)
        while atSymbol(.dot) {
            advance()
            let next = try expectName("a scenario name after '.'")
            name = Identifier(name.name + "." + next.name, SourceSpan(start: name.span.start, end: next.span.end))
        }
        return name
    }
}
