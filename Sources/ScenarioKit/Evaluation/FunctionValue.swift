/// A function value: user-defined (`fn f(x) = …`), a lambda, or a built-in.
/// Compares by identity.
public final class FunctionValue: @unchecked Sendable, Equatable {
    // @unchecked: every stored property is a `let`; the compiled body is a
    // closure over immutable compiled code, run by one interpreter at a time.

    /// The name (`"f"`; `"fn"` for lambdas; the built-in's name).
    public let name: String
    public let parameters: [String]

    /// What a call runs.
    let implementation: Implementation
    /// Values of the enclosing bindings the body uses, copied when the
    /// function was created. Bindings are immutable, so a copy sees exactly
    /// what the defining frame would, and no frame is kept alive by it.
    let captures: ContiguousArray<Value>

    enum Implementation {
        /// Compiled body, run in a fresh frame of `frameSize` local slots
        /// whose first slots are the arguments.
        case user(body: Code, frameSize: Int)
        case builtin(Builtin)
    }

    /// A function without a body, for tools and tests that only print one.
    /// Calling it is an error.
    init(name: String, parameters: [String]) {
        self.name = name
        self.parameters = parameters
        self.captures = []
        self.implementation = .builtin(Builtin(name: name, parameters: parameters,
                                               arity: parameters.count...parameters.count) { _, _, site in
            throw LocatedError("'\(name)' has no body", at: site.span)
        })
    }

    init(name: String, parameters: [String], body: @escaping Code, frameSize: Int,
         captures: ContiguousArray<Value>) {
        self.name = name
        self.parameters = parameters
        self.implementation = .user(body: body, frameSize: frameSize)
        self.captures = captures
    }

    init(builtin: Builtin) {
        self.name = builtin.name
        self.parameters = builtin.parameters
        self.implementation = .builtin(builtin)
        self.captures = []
    }

    /// The accepted argument counts.
    var arity: ClosedRange<Int> {
        switch implementation {
        case .user: return parameters.count...parameters.count
        case .builtin(let b): return b.arity
        }
    }

    public static func == (a: FunctionValue, b: FunctionValue) -> Bool { a === b }
}
