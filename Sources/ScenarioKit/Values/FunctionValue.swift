// Function values as values: a name and parameters to print, identity to
// compare, captured values. What running one means is the runtime's
// (Runtime/FunctionValue.swift); this folder never looks inside `code`.

/// What a function runs: a user function's compiled body or a built-in's
/// implementation. The runtime defines the two kinds.
class FunctionCode {}

/// A function value: user-defined (`fn f(x) = …`), a lambda, or a built-in.
/// Compares by identity.
public final class FunctionValue: @unchecked Sendable, Equatable {
    // @unchecked: every stored property is a `let` of immutable data or code.

    /// The name (`"f"`; `"fn"` for lambdas; the built-in's name).
    public let name: String
    /// The parameter names, in order.
    public let parameters: [String]
    /// The compiled body or the built-in.
    let code: FunctionCode
    /// Whether `code` is a user function's body (the call path's test).
    let isUserCode: Bool
    /// The accepted argument counts.
    let arity: ClosedRange<Int>
    /// Values of the enclosing bindings the body uses, copied when the
    /// function was created. Bindings are immutable, so a copy sees exactly
    /// what the defining frame would, and no frame is kept alive by it.
    let captures: ContiguousArray<Value>
    /// Levels of lists and functions in `captures`, plus one (ValueNesting).
    let nesting: Int

    init(name: String, parameters: [String], code: FunctionCode, isUserCode: Bool, arity: ClosedRange<Int>,
         captures: ContiguousArray<Value>) {
        self.name = name
        self.parameters = parameters
        self.code = code
        self.isUserCode = isUserCode
        self.arity = arity
        self.captures = captures
        self.nesting = ValueNesting.depth(of: captures)
    }

    /// True only for the same function.
    public static func == (a: FunctionValue, b: FunctionValue) -> Bool { a === b }
}
