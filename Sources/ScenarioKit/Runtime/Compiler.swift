// The executor: turns the resolved tree into Swift closures, so evaluation
// does no name lookups and no tree matching. Every statement goes this one
// way, top-level statements that run once as much as function bodies run a
// million times. Fast paths for plain numbers are in CompilerFast.swift,
// calls in CompilerCalls.swift.

/// Compiled code of an expression: runs in a call frame.
typealias Code = (Frame) throws -> Value

enum Compiler {
    /// Compiles a top-level statement.
    static func compile(_ statement: ResolvedStatement) -> CompiledStatement {
        var isDomain = false
        if case .domain = statement.statement { isDomain = true }
        let code: CompiledStatement.Code
        if case .expression(let e) = statement.statement {
            code = .expression(expr(e))
        } else {
            code = .statement(self.statement(statement.statement))
        }
        return CompiledStatement(code: code, frameSize: statement.frameSize, span: statement.span,
                                 bindings: statement.bindings, scenarios: statement.scenarios, key: statement.key,
                                 isModel: statement.isModel, reads: statement.reads, usesDomain: statement.usesDomain,
                                 isDomain: isDomain)
    }

    // MARK: Statements

    static func statement(_ s: ResolvedStmt) -> (Frame) throws -> Void {
        switch s {
        case .bind(let target, let e):
            return store(target, expr(e))
        case .function(let target, let template):
            return store(target, lambda(template))
        case .print(let values):
            let codes = values.map(expr)
            return { f in
                var parts: [String] = []
                parts.reserveCapacity(codes.count)
                for c in codes { parts.append(try c(f).description) }
                f.runtime.output(parts.joined(separator: " "))
            }
        case .assert(let a):
            // Closures keep spans and compiled code, never the resolved tree.
            let c = expr(a.condition)
            let m = a.message.map(expr)
            let conditionSpan = a.conditionSpan, span = a.span
            return { f in
                try assertion(try c(f), at: conditionSpan, statement: span) { try m.map { try $0(f) } }
            }
        case .setNumber(let setting):
            let c = expr(setting.value)
            let which = setting.setting, span = setting.valueSpan
            return { f in try apply(which, try c(f), at: span, in: f.runtime) }
        case .setFiscalYearStart(let month):
            return { f in f.runtime.state.settings.fiscalYearStart = month }
        case .expression(let e):
            let c = expr(e)
            return { f in _ = try c(f) }
        case .domain(let d):
            return DomainEvaluation.compile(d)
        case .scenario(let scenario):
            return Scenarios.compile(scenario)
        case .compare(let compare):
            return Scenarios.compare(compare)
        case .unavailable(let u):
            return { _ in throw LocatedError(u.message, at: u.span, kind: u.kind) }
        }
    }

    /// `set samples N` / `set seed N`.
    private static func apply(_ setting: Setting, _ v: Value, at span: SourceSpan, in runtime: Runtime) throws {
        switch setting {
        case .samples:
            guard case .number(let x) = v, x == x.rounded(), x >= 1, x <= 10_000_000 else {
                throw LocatedError("'samples' needs a whole number from 1 to 10000000, got \(shown(v))", at: span,
                                   kind: numberOrType(v))
            }
            runtime.state.settings.samples = Int(x)
        case .seed:
            guard case .number(let x) = v, x == x.rounded(), abs(x) <= 9_007_199_254_740_992 else {
                // 1e20 is whole: the message says what else a seed must be.
                throw LocatedError("'seed' needs a whole number from -2^53 to 2^53, got \(shown(v))", at: span,
                                   kind: numberOrType(v))
            }
            runtime.state.settings.seed = Int(x)
            runtime.state.random.draws = 0
        case .fiscalYearStart:
            break
        case .today:
            guard let day = Operators.daySpan(v)?.start, !v.isUncertain else {
                throw LocatedError("'today' needs a date, got \(shown(v))", at: span,
                                   help: "for example: set today 2026-05-25", kind: .type)
            }
            runtime.state.settings.today = day
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
                                   help: "assert on its probability instead, e.g. assert prob(…) > 95%", kind: .type)
            }
            throw LocatedError("assert needs a boolean, got \(v.typeName)", at: span, kind: .type)
        }
        if ok { return }
        if let m = try message() {
            throw LocatedError("assertion failed: \(m.description)", at: statementSpan, kind: .assertion)
        }
        throw LocatedError("assertion failed", at: statementSpan, kind: .assertion)
    }

    /// The kind of a "needs a whole number from … to …, got v" error: a
    /// number out of range is a runtime error, anything else a type error.
    static func numberOrType(_ v: Value) -> Diagnostic.Kind {
        if case .number = v { return .runtime }
        return .type
    }

    /// A number, percent or points shows its value in errors, exactly
    /// enough that it never seems to meet the rule it breaks (`got 10000.5`,
    /// not `got 10001`); anything else its type.
    static func shown(_ v: Value) -> String {
        switch v {
        case .number, .percent, .points: ValueFormatter.exact(v)
        default: v.typeName
        }
    }

    private static func store(_ target: Access, _ c: @escaping Code) -> (Frame) throws -> Void {
        switch target {
        case .global(let slot):
            return { f in
                let v = try c(f)
                f.runtime.globals[slot] = v
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
                .period(Period(.fiscalYear(year), fiscalYearStart: f.runtime.state.settings.fiscalYearStart))
            }
        case .string(let s):
            return interpolation(s.parts, s.span)
        case .name(let name):
            return read(name.access, name.id)
        case .list(let list):
            let codes = list.items.map(expr)
            let span = list.span
            return { f in
                var values: [Value] = []
                values.reserveCapacity(codes.count)
                for c in codes { values.append(try c(f)) }
                try ValueNesting.check(values, at: span)
                return .list(values)
            }
        case .negate(let u):
            let c = expr(u.operand)
            let span = u.span
            return { f in
                let v = try c(f)
                if case .number(let x) = v { return .number(-x) }
                return try Operators.negate(v, at: span)
            }
        case .not(let u):
            let c = expr(u.operand)
            let span = u.operandSpan
            return { f in
                let v = try c(f)
                guard case .bool(let b) = v else {
                    if let r = try Operators.notSamples(v, at: span) { return r }
                    throw LocatedError("'not' needs a boolean, got \(v.typeName)", at: span, kind: .type)
                }
                return .bool(!b)
            }
        case .binary(let b):
            return binary(b)
        case .chain(let c):
            return chain(c)
        case .call(let call):
            if let mixture = UncertainMixture.compile(call) { return mixture }
            return self.call(call)
        case .member(let m):
            let c = expr(m.base)
            let name = m.name, span = m.span
            return { f in try Members.get(try c(f), name, at: span, in: f) }
        case .index(let i):
            let b = expr(i.base), x = expr(i.index)
            let indexSpan = i.indexSpan, span = i.span
            return { f in
                let container = try b(f)
                return try Operators.index(container, try x(f), indexSpan: indexSpan, at: span)
            }
        case .ifElse(let c):
            if let fast = ifOnComparison(c) { return fast }
            return ifElse(expr(c.condition), expr(c.then), expr(c.otherwise), c.conditionSpan)
        case .lambda(let template):
            return lambda(template)
        case .block(let block):
            let codes = block.statements.map(statement)
            let v = expr(block.value)
            return { f in
                for c in codes { try c(f) }
                return try v(f)
            }
        case .record(let r):
            return RecordCode.literal(r)
        case .recordUpdate(let u):
            return RecordCode.update(u)
        case .unavailable(let u):
            return { _ in throw LocatedError(u.message, at: u.span, kind: u.kind) }
        }
    }

    static func ifElse(_ c: @escaping Code, _ t: @escaping Code, _ o: @escaping Code, _ span: SourceSpan) -> Code {
        { f in
            let v = try c(f)
            guard case .bool(let b) = v else {
                if case .uncertain(let set) = v, set.dimension == .bool {
                    return try UncertainChoice.choose(set, then: { try t(f) }, else: { try o(f) }, at: span,
                                                      in: f.runtime)
                }
                throw LocatedError("'if' needs a boolean condition, got \(v.typeName)", at: span, kind: .type)
            }
            return b ? try t(f) : try o(f)
        }
    }

    private static func read(_ access: Access, _ id: Identifier) -> Code {
        switch access {
        case .global(let slot):
            return { f in
                if let v = f.runtime.globals[slot] { return v }
                throw LocatedError("'\(id.name)' is used before it is defined", at: id.span, kind: .name)
            }
        case .local(let slot):
            return { f in f.load(slot) }
        case .capture(let index):
            return { f in
                guard let fn = f.callee else { throw internalError(id.span) }
                return fn.captures[index]
            }
        case .currentFunction:
            return { f in
                guard let fn = f.callee else { throw internalError(id.span) }
                return .function(fn)
            }
        case .builtin(let index):
            let fn = Value.function(Builtins.functions[index])
            return { _ in fn }
        }
    }

    static func internalError(_ span: SourceSpan) -> LocatedError {
        LocatedError("internal error: a captured name has no function frame", at: span, kind: .runtime)
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
                case .value(let c):
                    // An entity reads as its name, so "deal {a}" is `deal a`
                    // (its canonical form would say `deal deal a`).
                    let v = try c(f)
                    if case .entity(let entity) = v { s += entity.name } else { s += v.description }
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
                    guard let fn = f.callee else { throw internalError(span) }
                    captures.append(fn.captures[index])
                case .currentFunction:
                    guard let fn = f.callee else { throw internalError(span) }
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

    static func notAFunction(_ v: Value, _ site: CallSite) -> LocatedError {
        if let name = site.calleeName {
            return LocatedError("'\(name)' is not a function", at: site.calleeSpan, help: "'\(name)' is \(v.typeName)",
                                kind: .type)
        }
        return LocatedError("\(v.typeName) is not a function", at: site.calleeSpan, kind: .type)
    }

    // MARK: Operators

    private static func binary(_ b: ResolvedBinary) -> Code {
        let span = b.span
        switch b.op {
        case .add:
            return numeric(NumberAdd.self, b.left, b.right) { x, y, f in
                try Operators.add(x, y, at: span, fiscalYearStart: f.runtime.state.settings.fiscalYearStart)
            }
        case .subtract:
            return numeric(NumberSubtract.self, b.left, b.right) { x, y, f in
                try Operators.subtract(x, y, at: span, fiscalYearStart: f.runtime.state.settings.fiscalYearStart)
            }
        case .multiply:
            return numeric(NumberMultiply.self, b.left, b.right) { x, y, _ in try Operators.multiply(x, y, at: span) }
        case .divide:
            return numeric(NumberDivide.self, b.left, b.right) { x, y, _ in try Operators.divide(x, y, at: span) }
        case .equal:
            return comparison(NumberEqual.self, b.left, b.right) { x, y, _ in
                try Operators.equality(x, y, negated: false, at: span)
            }
        case .notEqual:
            return comparison(NumberNotEqual.self, b.left, b.right) { x, y, _ in
                try Operators.equality(x, y, negated: true, at: span)
            }
        case .less:
            return comparison(NumberLess.self, b.left, b.right) { x, y, _ in
                try Operators.comparison(.less, x, y, at: span)
            }
        case .lessEqual:
            return comparison(NumberLessEqual.self, b.left, b.right) { x, y, _ in
                try Operators.comparison(.lessEqual, x, y, at: span)
            }
        case .greater:
            return comparison(NumberGreater.self, b.left, b.right) { x, y, _ in
                try Operators.comparison(.greater, x, y, at: span)
            }
        case .greaterEqual:
            return comparison(NumberGreaterEqual.self, b.left, b.right) { x, y, _ in
                try Operators.comparison(.greaterEqual, x, y, at: span)
            }
        case .and, .or:
            return logical(b.op == .and, expr(b.left), expr(b.right), b)
        case .power, .mod, .in, .to:
            let l = expr(b.left), r = expr(b.right)
            let op = b.op, leftSpan = b.leftSpan, rightSpan = b.rightSpan
            return { f in
                let x = try l(f)
                return try operate(op, x, try r(f), leftSpan: leftSpan, rightSpan: rightSpan, span: span, in: f)
            }
        }
    }

    /// `and`/`or`: the right side runs only when the left one does not decide.
    private static func logical(_ isAnd: Bool, _ l: @escaping Code, _ r: @escaping Code, _ b: ResolvedBinary) -> Code {
        let op = b.op, leftSpan = b.leftSpan, rightSpan = b.rightSpan
        return { f in
            try logical(isAnd, op, try l(f), r, leftSpan: leftSpan, rightSpan: rightSpan, in: f)
        }
    }

    /// `a and r` / `a or r` once `a` is known: `r` runs only when `a` does
    /// not decide.
    @inline(__always)
    private static func logical(_ isAnd: Bool, _ op: BinaryOperator, _ a: Value, _ r: Code,
                                leftSpan: SourceSpan, rightSpan: SourceSpan, in f: Frame) throws -> Value {
        guard case .bool(let x) = a else {
            if case .uncertain(let set) = a, set.dimension == .bool {
                return try Operators.logical(op, a, try r(f), at: rightSpan)
            }
            throw LocatedError("'\(op.rawValue)' needs booleans, got \(a.typeName)", at: leftSpan, kind: .type)
        }
        if x != isAnd { return a }
        let b = try r(f)
        guard case .bool = b else {
            if b.isUncertain { return try Operators.logical(op, a, b, at: rightSpan) }
            throw LocatedError("'\(op.rawValue)' needs booleans, got \(b.typeName)", at: rightSpan, kind: .type)
        }
        return b
    }

    /// A long chain (`ResolvedChain`): one loop, left to right, each step
    /// what the nested `.binary` node would do, with its spans.
    private static func chain(_ c: ResolvedChain) -> Code {
        let node = ChainNode(first: expr(c.first), steps: c.links.map {
            ChainNode.Step(op: $0.op, right: expr($0.right), leftSpan: $0.leftSpan, rightSpan: $0.rightSpan,
                           span: $0.span)
        })
        return { f in
            var a = try node.first(f)
            for step in node.steps {
                switch step.op {
                case .and, .or:
                    a = try logical(step.op == .and, step.op, a, step.right, leftSpan: step.leftSpan,
                                    rightSpan: step.rightSpan, in: f)
                default:
                    let b = try step.right(f)
                    if case .number(let x) = a, case .number(let y) = b, let z = plainArithmetic(step.op, x, y) {
                        a = .number(z)
                    } else {
                        a = try operate(step.op, a, b, leftSpan: step.leftSpan, rightSpan: step.rightSpan,
                                        span: step.span, in: f)
                    }
                }
            }
            return a
        }
    }

    /// The fast paths' arithmetic on plain numbers; nil where `operate` decides.
    private static func plainArithmetic(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Double? {
        switch op {
        case .add: NumberAdd.apply(x, y)
        case .subtract: NumberSubtract.apply(x, y)
        case .multiply: NumberMultiply.apply(x, y)
        case .divide: NumberDivide.apply(x, y)
        default: nil
        }
    }

    /// The binary operators that evaluate both sides, left first, and then
    /// apply: the general form every fast path falls back to.
    static func operate(_ op: BinaryOperator, _ a: Value, _ b: Value, leftSpan: SourceSpan, rightSpan: SourceSpan,
                        span: SourceSpan, in f: Frame) throws -> Value {
        switch op {
        case .add: try Operators.add(a, b, at: span, fiscalYearStart: f.runtime.state.settings.fiscalYearStart)
        case .subtract:
            try Operators.subtract(a, b, at: span, fiscalYearStart: f.runtime.state.settings.fiscalYearStart)
        case .multiply: try Operators.multiply(a, b, at: span)
        case .divide: try Operators.divide(a, b, at: span)
        case .power: try Operators.power(a, b, at: span)
        case .mod: try Operators.mod(a, b, at: span)
        case .equal: try Operators.equality(a, b, negated: false, at: span)
        case .notEqual: try Operators.equality(a, b, negated: true, at: span)
        case .less, .lessEqual, .greater, .greaterEqual: try Operators.comparison(op, a, b, at: span)
        case .in: try Operators.membership(b, a, at: span)
        case .to: try UncertainBuiltins.range(a, b, at: span, left: leftSpan, right: rightSpan, in: f)
        case .and, .or: throw LocatedError("internal error: '\(op.rawValue)' evaluated both sides", at: span, kind: .runtime)
        }
    }
}
