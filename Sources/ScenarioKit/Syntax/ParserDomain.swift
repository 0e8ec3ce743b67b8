// The deal-domain statements (SPEC §6): companies, merges, deals and their
// terms, models, benchmarks and scores, departures, events, and the
// `timeline` and `report` statements. Each starts with its statement word
// (StatementWord.swift); their DATE, MONEY, PROB and NUMBER arguments are
// expressions, which end where a token cannot continue them, so a
// contextual word (`at`, `on`, `paid`, …) or a string ends one.

extension Parser {
    // domainStmt -> companyStmt | mergeStmt | dealStmt | buyerStmt | targetStmt | announceStmt | closeStmt | breakupStmt | conditionStmt | convertStmt | outcomeStmt | modelStmt | benchmarkStmt | scoreStmt | departuresStmt | eventStmt | timelineStmt | reportStmt
    mutating func parseDomainStatement(_ word: StatementWord) throws -> Stmt {
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

    // companyStmt -> "company" NAME [ STRING ]
    // benchmarkStmt -> "benchmark" NAME [ STRING ]
    private mutating func parseNamedEntity(_ word: StatementWord) throws -> Stmt {
        let start = current.span.start
        advance()
        let name = try expectName("a \(word.rawValue) name after '\(word.rawValue)'")
        let display = try parseDisplayName()
        let statement: DomainStmt = word == .company
            ? .company(name, displayName: display) : .benchmark(name, displayName: display)
        return .domain(statement, spanFrom(start))
    }

    /// An optional `"Display Name"`: a plain string, known before running.
    private mutating func parseDisplayName() throws -> String? {
        guard case .string(let segments) = current.kind else { return nil }
        let span = current.span
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
        let start = current.span.start
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
        let start = current.span.start
        advance()
        let name = try expectName("a deal name after 'deal'")
        var price: Expr?
        if atWord("at") {
            advance()
            price = try parseExpr(expecting: "a price after 'at'")
        }
        var consideration: Consideration?
        if case .identifier(let word) = current.kind {
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
    private mutating func parseParty(_ word: StatementWord) throws -> Stmt {
        let start = current.span.start
        advance()
        let company = try expectName("a company name after '\(word.rawValue)'")
        return .domain(word == .buyer ? .buyer(company) : .target(company), spanFrom(start))
    }

    // announceStmt -> "announce" expr
    // closeStmt -> "close" expr
    private mutating func parseDated(_ word: StatementWord) throws -> Stmt {
        let start = current.span.start
        advance()
        let date = try parseExpr(expecting: "a date after '\(word.rawValue)'")
        return .domain(word == .announce ? .announce(date) : .close(date), spanFrom(start))
    }

    // breakupStmt -> "breakup" expr [ "paid" "by" ( "buyer" | "target" ) ]
    private mutating func parseBreakup() throws -> Stmt {
        let start = current.span.start
        advance()
        let amount = try parseExpr(expecting: "an amount after 'breakup'")
        var payer: Party?
        if atWord("paid") {
            advance()
            try expectWord("by", after: "'paid'")
            guard case .identifier(let word) = current.kind, let party = Party(rawValue: word) else {
                throw expectedError("'buyer' or 'target' after 'paid by'")
            }
            payer = party
            advance()
        }
        return .domain(.breakup(amount, paidBy: payer), spanFrom(start))
    }

    // conditionStmt -> "condition" NAME [ expr ]
    private mutating func parseCondition() throws -> Stmt {
        let start = current.span.start
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
        let start = current.span.start
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
        let start = current.span.start
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
        let start = current.span.start
        advance()
        let name = try expectName("a model name after 'model'")
        var clauses: [ModelClause] = []
        var seen: Set<String> = []
        while case .identifier(let word) = current.kind {
            switch word {
            case "by", "params", "trained", "release": break
            default: throw expectedError("'by', 'params', 'trained' or 'release' in 'model \(name.name)'")
            }
            if !seen.insert(word).inserted {
                record(LocatedError("'\(word)' is given twice for model '\(name.name)'", at: current.span, kind: .syntax))
            }
            clauses.append(try parseModelClause())
        }
        return .domain(.model(name, clauses), spanFrom(start))
    }

    mutating func parseModelClauseStatement() throws -> Stmt {
        let start = current.span.start
        let clause = try parseModelClause()
        return .domain(.modelClause(clause), spanFrom(start))
    }

    // modelClause -> "by" NAME | "params" expr | "trained" expr | "release" expr
    private mutating func parseModelClause() throws -> ModelClause {
        guard case .identifier(let word) = current.kind else { throw expectedError("a model clause") }
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
        let start = current.span.start
        advance()
        let model = try expectName("a model name after 'score'")
        try expectWord("on", after: "'score \(model.name)'")
        let benchmark = try expectName("a benchmark name after 'on'")
        let value = try parseExpr(expecting: "a score after '\(benchmark.name)'")
        return .domain(.score(model, on: benchmark, value), spanFrom(start))
    }

    // departuresStmt -> "departures" NAME expr [ "since" expr ]
    private mutating func parseDepartures() throws -> Stmt {
        let start = current.span.start
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
        let start = current.span.start
        advance()
        let date = try parseExpr(expecting: "a date after 'event'")
        let text = try parseExpr(expecting: "the event's text (a string) after its date")
        return .domain(.event(date, text), spanFrom(start))
    }

    // timelineStmt -> "timeline"
    // reportStmt -> "report"
    private mutating func parseBareWord(_ word: StatementWord) throws -> Stmt {
        let start = current.span.start
        advance()
        return .domain(word == .timeline ? .timeline : .report, spanFrom(start))
    }
}
