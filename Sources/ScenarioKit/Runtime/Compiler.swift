/// Turns the resolved tree into Swift closures, so evaluation does no name
/// lookups and no tree matching: each node is one closure call, with fast
/// paths for plain numbers.
enum Compiler {
    /// Compiles a top-level statement, which runs once: its expressions are
    /// evaluated straight from the tree (``evaluate(_:_:)``) rather than
    /// compiled to closures first; function bodies are compiled as always.
    static func compile(_ statement: ResolvedStatement) -> CompiledStatement {
        let code: (Frame) throws -> Value?
        if case .expression(let e) = statement.statement {
            code = { try evaluate(e, $0) }
        } else {
            let c = self.statement(statement.statement, once: true)
            code = { try c($0); return nil }
        }
        return CompiledStatement(code: code, frameSize: statement.frameSize, span: statement.span,
                                 bindings: statement.bindings, scenarios: statement.scenarios)
    }

    // MARK: Statements

    static func statement(_ s: ResolvedStmt) -> (Frame) throws -> Void {
        statement(s, once: false)
    }

    /// `once`: the statement runs once (see ``compile(_:)``).
    static func statement(_ s: ResolvedStmt, once: Bool) -> (Frame) throws -> Void {
        func expr(_ e: ResolvedExpr) -> Code {
            if once { return { f in try evaluate(e, f) } }
            return Compiler.expr(e)
        }
        switch s {
        case .bind(let target, let e):
            let c = expr(e)
            return store(target, c)
        case .function(let target, let template):
            return store(target, lambda(template))
        case .print(let values):
            let codes = values.map(expr)
            return { f in
                var parts: [String] = []
                parts.reserveCapacity(codes.count)
                for c in codes { parts.append(try c(f).description) }
                f.interpreter.output(parts.joined(separator: " "))
            }
        case .assert(let condition, let message, let span, let statementSpan):
            let c = expr(condition)
            let m = message.map(expr)
            return { f in
                try assertion(try c(f), at: span, statement: statementSpan) { try m.map { try $0(f) } }
            }
        case .setNumber(let setting, let e, let span):
            let c = expr(e)
            return { f in
                let v = try c(f)
                switch setting {
                case .samples:
                    guard case .number(let x) = v, x == x.rounded(), x >= 1, x <= 10_000_000 else {
                        throw LocatedError("'samples' needs a whole number from 1 to 10000000, got \(shown(v))",
                                           at: span)
                    }
                    f.interpreter.state.settings.samples = Int(x)
                case .seed:
                    guard case .number(let x) = v, x == x.rounded(), abs(x) <= 9_007_199_254_740_992 else {
                        throw LocatedError("'seed' needs a whole number, got \(shown(v))", at: span)
                    }
                    f.interpreter.state.settings.seed = Int(x)
                    f.interpreter.state.random.draws = 0
                case .fiscalYearStart:
                    break
                }
            }
        case .setFiscalYearStart(let month):
            return { f in f.interpreter.state.settings.fiscalYearStart = month }
        case .expression(let e):
            let c = expr(e)
            return { f in _ = try c(f) }
        case .domain(let d):
            return DomainEvaluation.compile(d)
        case .scenario(let scenario):
            return ScenarioForks.compile(scenario)
        case .compare(let columns, let span):
            return ScenarioForks.compare(columns, at: span)
        case .unavailable(let message, let span):
            return { _ in throw LocatedError(message, at: span) }
        }
    }

    /// `assert`: passes on true; `message` gives the message's value (nil
    /// without one) and is only run when the assertion fails.
    static func assertion(_ value: Value, at span: SourceSpan, statement statementSpan: SourceSpan,
                          message: () throws -> Value?) throws {
        var v = value
        if case .uncertain(let set) = v, set.dimension == .bool, let constant = set.constant {
            v = .bool(constant != 0)  // true (or false) in every sample: certain
        }
        guard case .bool(let ok) = v else {
            if case .uncertain = v {
                throw LocatedError("assert needs a plain boolean, got an uncertain value", at: span,
                                   help: "assert on its probability, e.g. assert prob(…) > 50%")
            }
            throw LocatedError("assert needs a boolean, got \(v.typeName)", at: span)
        }
        if ok { return }
        if let m = try message() { throw LocatedError("assertion failed: \(m.description)", at: statementSpan) }
        throw LocatedError("assertion failed", at: statementSpan)
    }

    /// A number shows its value in errors; anything else its type.
    static func shown(_ v: Value) -> String {
        if case .number = v { return v.description }
        return v.typeName
    }

    private static func store(_ target: Access, _ c: @escaping Code) -> (Frame) throws -> Void {
        switch target {
        case .global(let slot):
            return { f in
                let v = try c(f)
                f.interpreter.globals[slot] = v
            }
        case .local(let slot):
            return { f in
                let v = try c(f)
                f[slot] = v
            }
        case .capture, .currentFunction, .builtin:
            return { _ in }
        }
    }

    // MARK: Expressions

    static func expr(_ e: ResolvedExpr) -> Code {
        switch e {
        case .constant(let v):
            return constant(v)
        case .fiscalYear(let year):
            return { f in
                .period(Period(.fiscalYear(year), fiscalYearStart: f.interpreter.state.settings.fiscalYearStart))
            }
        case .string(let parts, let span):
            return interpolation(parts, span)
        case .name(let access, let id):
            return read(access, id)
        case .list(let items, let span):
            let codes = items.map(expr)
            return { f in
                var values: [Value] = []
                values.reserveCapacity(codes.count)
                for c in codes { values.append(try c(f)) }
                try ValueNesting.check(values, at: span)
                return .list(values)
            }
        case .negate(let operand, let span):
            let c = expr(operand)
            return { f in
                let v = try c(f)
                if case .number(let x) = v { return .number(-x) }
                return try Operators.negate(v, at: span)
            }
        case .not(let operand, let operandSpan, _):
            let c = expr(operand)
            return { f in
                let v = try c(f)
                guard case .bool(let b) = v else {
                    if let r = try Operators.notSamples(v, at: operandSpan) { return r }
                    throw LocatedError("'not' needs a boolean, got \(v.typeName)", at: operandSpan)
                }
                return .bool(!b)
            }
        case .binary(let op, let l, let r, let leftSpan, let rightSpan, let span):
            return binary(op, l, r, leftSpan: leftSpan, rightSpan: rightSpan, span: span)
        case .call(let callee, let args, let site):
            if let mixture = UncertainMixture.compile(callee, args, site) { return mixture }
            return call(callee, args, site)
        case .member(let base, let name, let span):
            let c = expr(base)
            return { f in try Members.get(try c(f), name, at: span, in: f) }
        case .index(let base, let index, let indexSpan, let span):
            let b = expr(base), i = expr(index)
            return { f in
                let container = try b(f)
                return try Operators.index(container, try i(f), indexSpan: indexSpan, at: span)
            }
        case .ifElse(let condition, let then, let otherwise, let span):
            if let fast = ifOnComparison(condition, then, otherwise, span) { return fast }
            return ifElse(expr(condition), expr(then), expr(otherwise), span)
        case .lambda(let template):
            return lambda(template)
        case .block(let statements, let value):
            let codes = statements.map(statement)
            let v = expr(value)
            return { f in
                for c in codes { try c(f) }
                return try v(f)
            }
        case .unavailable(let message, let span):
            return { _ in throw LocatedError(message, at: span) }
        }
    }

    static func ifElse(_ c: @escaping Code, _ t: @escaping Code, _ o: @escaping Code, _ span: SourceSpan) -> Code {
        { f in
            let v = try c(f)
            guard case .bool(let b) = v else {
                if case .uncertain(let set) = v, set.dimension == .bool {
                    return try Operators.choose(set, then: { try t(f) }, else: { try o(f) }, at: span,
                                                in: f.interpreter)
                }
                throw LocatedError("'if' needs a boolean condition, got \(v.typeName)", at: span)
            }
            return b ? try t(f) : try o(f)
        }
    }

    private static func read(_ access: Access, _ id: Identifier) -> Code {
        switch access {
        case .global(let slot):
            return { f in
                if let v = f.interpreter.globals[slot] { return v }
                throw LocatedError("'\(id.name)' is used before it is defined", at: id.span)
            }
        case .local(let slot):
            return { f in f.load(slot) }
        case .capture(let index):
            return { f in
                guard let fn = f.function else { throw internalError(id.span) }
                return fn.captures[index]
            }
        case .currentFunction:
            return { f in
                guard let fn = f.function else { throw internalError(id.span) }
                return .function(fn)
            }
        case .builtin(let index):
            let fn = Value.function(Builtins.functions[index])
            return { _ in fn }
        }
    }

    static func internalError(_ span: SourceSpan) -> LocatedError {
        LocatedError("internal error: a captured name has no function frame", at: span)
    }

    private static func interpolation(_ parts: [ResolvedStringPart], _ span: SourceSpan) -> Code {
        enum Part { case text(String), value(Code) }
        let compiled: [Part] = parts.map {
            switch $0 {
            case .text(let s): .text(s)
            case .value(let e): .value(expr(e))
            }
        }
        return { f in
            var s = ""
            for part in compiled {
                switch part {
                case .text(let t): s += t
                case .value(let c): s += try c(f).description
                }
            }
            try Operators.checkLength(s, at: span)
            return .string(s)
        }
    }

    /// Creates a function value, copying the captured values from the frame
    /// that creates it.
    private static func lambda(_ template: FunctionTemplate) -> Code {
        let code = UserCode(body: expr(template.body), frameSize: template.frameSize,
                            parameterCount: template.parameters.count)
        let name = template.name, parameters = template.parameters
        let sources = template.captures
        let span = template.span
        if sources.isEmpty {
            return { _ in .function(FunctionValue(name: name, parameters: parameters, code: code, captures: [])) }
        }
        return { f in
            var captures = ContiguousArray<Value>()
            captures.reserveCapacity(sources.count)
            for source in sources {
                switch source {
                case .local(let slot): captures.append(f[slot])
                case .capture(let index):
                    guard let fn = f.function else { throw internalError(span) }
                    captures.append(fn.captures[index])
                case .currentFunction:
                    guard let fn = f.function else { throw internalError(span) }
                    captures.append(.function(fn))
                case .global, .builtin:
                    throw internalError(span)
                }
            }
            let fn = FunctionValue(name: name, parameters: parameters, code: code, captures: captures)
            try ValueNesting.check(depth: fn.nesting, at: span)
            return .function(fn)
        }
    }

    // MARK: Calls

    @inline(__always)
    static func evaluate(_ args: [Code], _ f: Frame) throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(args.count)
        for a in args { values.append(try a(f)) }
        return values
    }

    static func notAFunction(_ v: Value, _ site: CallSite) -> LocatedError {
        if let name = site.calleeName {
            return LocatedError("'\(name)' is not a function", at: site.calleeSpan, help: "'\(name)' is \(v.typeName)")
        }
        return LocatedError("\(v.typeName) is not a function", at: site.calleeSpan)
    }

    // MARK: Operators

    private static func binary(_ op: BinaryOperator, _ left: ResolvedExpr, _ right: ResolvedExpr,
                               leftSpan: SourceSpan, rightSpan: SourceSpan, span: SourceSpan) -> Code {
        switch op {
        case .add:
            return numeric(NumberAdd.self, left, right) { a, b, f in
                try Operators.add(a, b, at: span, fiscalYearStart: f.interpreter.state.settings.fiscalYearStart)
            }
        case .subtract:
            return numeric(NumberSubtract.self, left, right) { a, b, f in
                try Operators.subtract(a, b, at: span, fiscalYearStart: f.interpreter.state.settings.fiscalYearStart)
            }
        case .multiply:
            return numeric(NumberMultiply.self, left, right) { a, b, _ in try Operators.multiply(a, b, at: span) }
        case .divide:
            return numeric(NumberDivide.self, left, right) { a, b, _ in try Operators.divide(a, b, at: span) }
        case .equal:
            return comparison(NumberEqual.self, left, right) { a, b, _ in
                try Operators.equality(a, b, negated: false, at: span)
            }
        case .notEqual:
            return comparison(NumberNotEqual.self, left, right) { a, b, _ in
                try Operators.equality(a, b, negated: true, at: span)
            }
        case .less:
            return comparison(NumberLess.self, left, right) { a, b, _ in
                try Operators.comparison(.less, a, b, at: span)
            }
        case .lessEqual:
            return comparison(NumberLessEqual.self, left, right) { a, b, _ in
                try Operators.comparison(.lessEqual, a, b, at: span)
            }
        case .greater:
            return comparison(NumberGreater.self, left, right) { a, b, _ in
                try Operators.comparison(.greater, a, b, at: span)
            }
        case .greaterEqual:
            return comparison(NumberGreaterEqual.self, left, right) { a, b, _ in
                try Operators.comparison(.greaterEqual, a, b, at: span)
            }
        default:
            return binary(op, expr(left), expr(right), leftSpan: leftSpan, rightSpan: rightSpan, span: span)
        }
    }

    private static func binary(_ op: BinaryOperator, _ l: @escaping Code, _ r: @escaping Code,
                               leftSpan: SourceSpan, rightSpan: SourceSpan, span: SourceSpan) -> Code {
        switch op {
        case .and, .or:
            let isAnd = op == .and
            return { f in
                let a = try l(f)
                guard case .bool(let x) = a else {
                    if case .uncertain(let set) = a, set.dimension == .bool {
                        return try Operators.logical(op, a, try r(f), at: rightSpan)
                    }
                    throw LocatedError("'\(op.rawValue)' needs booleans, got \(a.typeName)", at: leftSpan)
                }
                if x != isAnd { return a }
                let b = try r(f)
                guard case .bool = b else {
                    if b.isUncertain { return try Operators.logical(op, a, b, at: rightSpan) }
                    throw LocatedError("'\(op.rawValue)' needs booleans, got \(b.typeName)", at: rightSpan)
                }
                return b
            }
        case .add, .subtract, .multiply, .divide, .power, .mod, .equal, .notEqual, .less, .lessEqual, .greater,
             .greaterEqual, .in, .to:
            return { f in
                let a = try l(f)
                return try operate(op, a, try r(f), leftSpan: leftSpan, rightSpan: rightSpan, span: span, in: f)
            }
        }
    }

    /// The binary operators that evaluate both sides, left first, and then
    /// apply: the general form every fast path falls back to.
    static func operate(_ op: BinaryOperator, _ a: Value, _ b: Value, leftSpan: SourceSpan, rightSpan: SourceSpan,
                        span: SourceSpan, in f: Frame) throws -> Value {
        switch op {
        case .add: try Operators.add(a, b, at: span, fiscalYearStart: f.interpreter.state.settings.fiscalYearStart)
        case .subtract:
            try Operators.subtract(a, b, at: span, fiscalYearStart: f.interpreter.state.settings.fiscalYearStart)
        case .multiply: try Operators.multiply(a, b, at: span)
        case .divide: try Operators.divide(a, b, at: span)
        case .power: try Operators.power(a, b, at: span)
        case .mod: try Operators.mod(a, b, at: span)
        case .equal: try Operators.equality(a, b, negated: false, at: span)
        case .notEqual: try Operators.equality(a, b, negated: true, at: span)
        case .less, .lessEqual, .greater, .greaterEqual: try Operators.comparison(op, a, b, at: span)
        case .in: try Operators.membership(b, a, at: span)
        case .to: try UncertainBuiltins.range(a, b, at: span, left: leftSpan, right: rightSpan, in: f)
        case .and, .or: throw LocatedError("internal error: '\(op.rawValue)' evaluated both sides", at: span)
        }
    }

    // MARK: Running once

    /// Runs a top-level statement (which runs once) without compiling what
    /// need not be: expressions, `let`s and domain statements are evaluated
    /// from the tree; other statements are compiled and run.
    static func run(_ statement: ResolvedStatement, in f: Frame) throws -> Value? {
        switch statement.statement {
        case .expression(let e):
            return try evaluate(e, f)
        case .bind(.global(let slot), let e):
            let v = try evaluate(e, f)
            f.interpreter.globals[slot] = v
            return nil
        case .domain(let d):
            try DomainEvaluation.run(d, in: f)
            return nil
        case .assert(let condition, let message, let span, let statementSpan):
            try assertion(try evaluate(condition, f), at: span, statement: statementSpan) {
                try message.map { try evaluate($0, f) }
            }
            return nil
        default:
            return try compile(statement).code(f)
        }
    }

    /// Evaluates an expression of a statement that runs once, without
    /// compiling it: constants, names, members and strict operators are
    /// walked here (the same operations compiled code performs, in the same
    /// order); anything else is compiled and run.
    static func evaluate(_ e: ResolvedExpr, _ f: Frame) throws -> Value {
        switch e {
        case .constant(let v):
            return v
        case .name(.global(let slot), let id):
            if let v = f.interpreter.globals[slot] { return v }
            throw LocatedError("'\(id.name)' is used before it is defined", at: id.span)
        case .name(.local(let slot), _):
            return f.load(slot)
        case .member(let base, let name, let span):
            return try Members.get(try evaluate(base, f), name, at: span, in: f)
        case .binary(let op, let l, let r, let leftSpan, let rightSpan, let span) where op != .and && op != .or:
            let a = try evaluate(l, f)
            let b = try evaluate(r, f)
            return try operate(op, a, b, leftSpan: leftSpan, rightSpan: rightSpan, span: span, in: f)
        case .negate(let operand, let span):
            let v = try evaluate(operand, f)
            if case .number(let x) = v { return .number(-x) }
            return try Operators.negate(v, at: span)
        default:
            return try expr(e)(f)
        }
    }
}
