/// A function value: user-defined (`fn f(x) = …`), a lambda, or a built-in.
/// Compares by identity.
public final class FunctionValue: @unchecked Sendable, Equatable {
    // @unchecked: every stored property is a `let`; the compiled body is a
    // closure over immutable compiled code, run by one interpreter at a time.

    /// The name (`"f"`; `"fn"` for lambdas; the built-in's name).
    public let name: String
    public let parameters: [String]

    /// The compiled body of a user function or lambda; nil for a built-in.
    let code: UserCode?
    /// `code` without ownership, for calls made while this value is alive:
    /// reading it costs no reference counting.
    let unownedCode: Unmanaged<UserCode>?
    /// The implementation of a built-in; nil for a user function.
    let builtin: Builtin?
    /// Values of the enclosing bindings the body uses, copied when the
    /// function was created. Bindings are immutable, so a copy sees exactly
    /// what the defining frame would, and no frame is kept alive by it.
    let captures: ContiguousArray<Value>
    /// Levels of lists and functions in `captures`, plus one (ValueNesting).
    let nesting: Int

    /// A function without a body, for tools and tests that only print one.
    /// Calling it is an error.
    init(name: String, parameters: [String]) {
        self.name = name
        self.parameters = parameters
        self.captures = []
        self.nesting = 1
        self.code = nil
        self.unownedCode = nil
        self.builtin = Builtin(name: name, parameters: parameters, arity: parameters.count...parameters.count) { _, _, site in
            throw LocatedError("'\(name)' has no body", at: site.span)
        }
    }

    init(name: String, parameters: [String], code: UserCode, captures: ContiguousArray<Value>) {
        self.name = name
        self.parameters = parameters
        self.code = code
        self.unownedCode = Unmanaged.passUnretained(code)
        self.builtin = nil
        self.captures = captures
        self.nesting = ValueNesting.depth(of: captures)
    }

    init(builtin: Builtin) {
        self.name = builtin.name
        self.parameters = builtin.parameters
        self.code = nil
        self.unownedCode = nil
        self.builtin = builtin
        self.captures = []
        self.nesting = 1
    }

    /// The accepted argument counts.
    var arity: ClosedRange<Int> {
        if let builtin { return builtin.arity }
        return parameters.count...parameters.count
    }

    public static func == (a: FunctionValue, b: FunctionValue) -> Bool { a === b }
}

/// The compiled body of a function literal or declaration, shared by every
/// function value created from it.
final class UserCode {
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
