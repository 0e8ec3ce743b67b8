// What a function value's code is at run time: user functions and lambdas
// have compiled bodies, built-ins a Swift implementation (Values/FunctionValue
// holds either, without knowing them). Argument lists for calls; the call
// itself is `Frame.call` in CallStack.swift.

extension FunctionValue {
    /// What running the function means.
    enum Implementation {
        /// A user function or lambda: its compiled body.
        case user(UserCode)
        case builtin(Builtin)
    }

    var implementation: Implementation {
        if let code = userCode { return .user(code) }
        // Every code object is one of the two kinds (they are made only here).
        return .builtin((code as? BuiltinCode)?.builtin ?? Builtin.missing(name))
    }

    /// The user code, nil for a built-in.
    var userCode: UserCode? { code as? UserCode }

    /// A function without a body, for tools and tests that only print one.
    /// Calling it is an error that says so.
    convenience init(name: String, parameters: [String]) {
        self.init(builtin: Builtin(name: name, parameters: parameters, arity: parameters.count...parameters.count) {
            _, _, site in throw LocatedError("'\(name)' has no body", at: site.span, kind: .runtime)
        })
    }

    convenience init(name: String, parameters: [String], code: UserCode, captures: ContiguousArray<Value>) {
        self.init(name: name, parameters: parameters, code: code, isUserCode: true,
                  arity: code.parameterCount...code.parameterCount, captures: captures)
    }

    convenience init(builtin: Builtin) {
        self.init(name: builtin.name, parameters: builtin.parameters, code: BuiltinCode(builtin), isUserCode: false,
                  arity: builtin.arity, captures: [])
    }
}

/// A built-in's implementation, as a function value's code.
final class BuiltinCode: FunctionCode, @unchecked Sendable {
    // @unchecked: immutable.
    let builtin: Builtin

    init(_ builtin: Builtin) {
        self.builtin = builtin
    }
}

/// The compiled body of a function literal or declaration, shared by every
/// function value created from it.
final class UserCode: FunctionCode, @unchecked Sendable {
    // @unchecked: immutable compiled code, run by one runtime at a time.
    let body: Code
    /// Local slots a call needs: the parameters first, then the body's `let`s.
    let frameSize: Int
    let parameterCount: Int

    init(body: @escaping Code, frameSize: Int, parameterCount: Int) {
        self.body = body
        self.frameSize = frameSize
        self.parameterCount = parameterCount
    }
}

/// A built-in function: its name, parameter names (for printing), accepted
/// argument counts and implementation.
struct Builtin: Sendable {
    typealias Body = @Sendable (Frame, [Value], CallSite) throws -> Value

    let name: String
    let parameters: [String]
    let arity: ClosedRange<Int>
    let body: Body

    init(name: String, parameters: [String], arity: ClosedRange<Int>, body: @escaping Body) {
        self.name = name
        self.parameters = parameters
        self.arity = arity
        self.body = body
    }

    /// Stands in for a code object of neither kind (there is none).
    static func missing(_ name: String) -> Builtin {
        Builtin(name: name, parameters: [], arity: 0...Int.max) { _, _, site in
            throw LocatedError("internal error: '\(name)' has no code", at: site.span, kind: .runtime)
        }
    }
}

// MARK: Calls

/// A call's arguments: evaluated left to right in the caller's frame. Fixed
/// types for one to three arguments store each straight into the callee's
/// frame, without an array.
protocol ArgumentList {
    var count: Int { get }
    /// Stores the values into the first slots of the callee's frame.
    func store(_ caller: Frame, _ callee: Frame) throws
    /// The values as an array (for built-ins).
    func values(_ caller: Frame) throws -> [Value]
}

struct NoArguments: ArgumentList {
    var count: Int { 0 }
    @inline(__always) func store(_ caller: Frame, _ callee: Frame) throws {}
    func values(_ caller: Frame) throws -> [Value] { [] }
}

struct OneArgument: ArgumentList {
    let a0: Code
    var count: Int { 1 }
    @inline(__always) func store(_ caller: Frame, _ callee: Frame) throws {
        callee.bind(0, try a0(caller))
    }
    func values(_ caller: Frame) throws -> [Value] { [try a0(caller)] }
}

struct TwoArguments: ArgumentList {
    let a0: Code, a1: Code
    var count: Int { 2 }
    @inline(__always) func store(_ caller: Frame, _ callee: Frame) throws {
        callee.bind(0, try a0(caller))
        callee.bind(1, try a1(caller))
    }
    func values(_ caller: Frame) throws -> [Value] {
        let x = try a0(caller)
        return [x, try a1(caller)]
    }
}

struct ThreeArguments: ArgumentList {
    let a0: Code, a1: Code, a2: Code
    var count: Int { 3 }
    @inline(__always) func store(_ caller: Frame, _ callee: Frame) throws {
        callee.bind(0, try a0(caller))
        callee.bind(1, try a1(caller))
        callee.bind(2, try a2(caller))
    }
    func values(_ caller: Frame) throws -> [Value] {
        let x = try a0(caller), y = try a1(caller)
        return [x, y, try a2(caller)]
    }
}

struct ManyArguments: ArgumentList {
    let codes: [Code]
    var count: Int { codes.count }
    func store(_ caller: Frame, _ callee: Frame) throws {
        for (i, a) in codes.enumerated() { callee.bind(i, try a(caller)) }
    }
    func values(_ caller: Frame) throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(codes.count)
        for a in codes { values.append(try a(caller)) }
        return values
    }
}

/// Values already computed (a built-in calling the function it was given).
struct ValueArguments: ArgumentList {
    let list: [Value]
    var count: Int { list.count }
    @inline(__always) func store(_ caller: Frame, _ callee: Frame) throws {
        for (i, v) in list.enumerated() { callee.bind(i, v) }
    }
    func values(_ caller: Frame) throws -> [Value] { list }
}

extension Frame {
    /// Calls a function value with evaluated arguments (built-ins calling
    /// the functions they are given).
    func call(_ fn: FunctionValue, _ args: [Value], at site: CallSite) throws -> Value {
        try call(fn, ValueArguments(list: args), at: site)
    }

    static func arityError(_ fn: FunctionValue, _ count: Int, _ site: CallSite) -> LocatedError {
        let name = site.calleeName ?? fn.name
        let subject = name == "fn" ? "the function" : "'\(name)'"
        return LocatedError("\(subject) expects \(describe(fn.arity)), got \(count)", at: site.span, kind: .type)
    }

    static func describe(_ arity: ClosedRange<Int>) -> String {
        func count(_ n: Int) -> String { n == 1 ? "1 argument" : "\(n) arguments" }
        if arity.lowerBound == arity.upperBound {
            return arity.lowerBound == 0 ? "no arguments" : count(arity.lowerBound)
        }
        if arity.upperBound == Int.max { return "at least \(count(arity.lowerBound))" }
        if arity.upperBound == arity.lowerBound + 1 {
            return "\(arity.lowerBound) or \(count(arity.upperBound))"
        }
        return "\(arity.lowerBound) to \(count(arity.upperBound))"
    }
}
