// SKELETON: the evaluator adds what it needs (body, captured frame, built-in).

/// A function value: user-defined (`fn f(x) = …`), a lambda, or a built-in.
/// Compares by identity.
public final class FunctionValue: @unchecked Sendable, Equatable {
    /// The name (`"f"`; `"fn"` for lambdas; the built-in's name).
    public let name: String
    public let parameters: [String]

    init(name: String, parameters: [String]) {
        self.name = name
        self.parameters = parameters
    }

    public static func == (a: FunctionValue, b: FunctionValue) -> Bool { a === b }
}
