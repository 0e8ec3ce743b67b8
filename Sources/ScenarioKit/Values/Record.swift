// Records (SPEC §22): a value with named fields in the order they were
// written, `{name: "d1", price: $1B, p: 80%}`. Fields may hold any value,
// uncertain ones included; records compare field by field and print as
// written, so the printed form reads back as the same record.

/// A record's fields, in the order written. Names are unique (the
/// resolver rejects a literal that repeats one).
public struct Record: Sendable, Equatable {
    /// The field names, in the order written.
    public private(set) var names: [String]
    /// The field values, one per name.
    public private(set) var values: [Value]

    /// `names` and `values` of one length, names unique.
    public init(names: [String], values: [Value]) {
        precondition(names.count == values.count, "a record needs one value per field")
        self.names = names
        self.values = values
    }

    /// The value of field `name`, nil when the record has none.
    public subscript(name: String) -> Value? {
        names.firstIndex(of: name).map { values[$0] }
    }

    /// A copy with field `name` set to `value`; nil when it has no such field.
    func replacing(_ name: String, with value: Value) -> Record? {
        guard let i = names.firstIndex(of: name) else { return nil }
        var copy = self
        copy.values[i] = value
        return copy
    }

    /// `{name: "d1", price: $1B}`: strings quoted, as in a list.
    var description: String {
        "{" + zip(names, values).map { "\($0): \($1.echoDescription)" }.joined(separator: ", ") + "}"
    }

    /// Field by field: the same names (in any order) and values equal
    /// under `equal`.
    func equals(_ other: Record, _ equal: (Value, Value) throws -> Bool) rethrows -> Bool {
        guard names.count == other.names.count else { return false }
        for (name, value) in zip(names, values) {
            guard let theirs = other[name], try equal(value, theirs) else { return false }
        }
        return true
    }
}
