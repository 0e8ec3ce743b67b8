// SKELETON: signatures fixed; bodies being written (canonical printing, SPEC §2).

/// Canonical printing of values (SPEC §2). Rounding for display is half away
/// from zero.
public enum ValueFormatter {
    /// The canonical form of any value (strings unquoted).
    public static func format(_ value: Value) -> String { fatalError("TODO") }

    /// A string as the REPL echoes it: `"x"`, with `"`, `\`, newline and tab escaped.
    public static func quoted(_ s: String) -> String { fatalError("TODO") }

    /// For error messages: "a number", "money", "a percent", "points", "a date",
    /// "a period", "a duration", "a string", "a boolean", "a list",
    /// "an uncertain value", "a deal" (entity kind), "a function".
    public static func typeName(_ value: Value) -> String { fatalError("TODO") }

    /// `1.5T`, `1.235M`, `42`, `120000`, `0.1667`, `3.142`.
    public static func number(_ x: Double) -> String { fatalError("TODO") }

    /// `$60B`, `$12.35B`, `$950K`, `$1,250`, `$10.50`, `-$10B`, `€5M`, `5M CHF`.
    public static func money(_ amount: Double, currency: String) -> String { fatalError("TODO") }

    /// `87.6%`, `16.67%` (fraction in, at most 2 decimals out).
    public static func percent(_ fraction: Double) -> String { fatalError("TODO") }

    /// `12.6pp`
    public static func points(_ fraction: Double) -> String { fatalError("TODO") }
}
