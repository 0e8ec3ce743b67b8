// Compiling record literals and `with` (SPEC §22) into closures.

enum RecordCode {
    /// `{name: "d1", price: $1B}`.
    static func literal(_ r: ResolvedRecord) -> Code {
        let codes = r.values.map(Compiler.expr)
        let names = r.names, span = r.span
        return { f in
            var values: [Value] = []
            values.reserveCapacity(codes.count)
            for c in codes { values.append(try c(f)) }
            try ValueNesting.check(values, at: span)
            return .record(Record(names: names, values: values))
        }
    }

    /// `r with {p: 60%}`: a copy of r; every field named must be one of r's
    /// (a misspelt one is an error with a did-you-mean, not a new field).
    static func update(_ u: ResolvedRecordUpdate) -> Code {
        let base = Compiler.expr(u.base)
        let codes = u.values.map(Compiler.expr)
        let fields = u.fields, baseSpan = u.baseSpan, span = u.span
        return { f in
            let v = try base(f)
            guard case .record(var record) = v else {
                throw LocatedError("'with' needs a record, got \(v.typeName)", at: baseSpan, kind: .type)
            }
            for (field, c) in zip(fields, codes) {
                let value = try c(f)
                guard let copy = record.replacing(field.name, with: value) else {
                    throw LocatedError("the record has no field '\(field.name)'", at: field.span,
                                       help: Suggestions.didYouMean(field.name, among: record.names)
                                           ?? "its fields are " + record.names.joined(separator: ", "), kind: .name)
                }
                record = copy
            }
            try ValueNesting.check(record.values, at: span)
            return .record(record)
        }
    }
}
