/// Member access `x.name` (SPEC §5; entities' members come with issue 3).
enum Members {
    /// The members a value of this kind has, for errors and completion.
    static func names(of value: Value) -> [String] {
        switch value {
        case .date, .period: ["start", "end", "days"]
        case .uncertain(let set) where set.dimension == .date: ["start", "end", "days"]
        case .entity(let entity): DomainEvaluation.memberNames(of: entity)
        case .record(let record): record.names
        default: []
        }
    }

    static func get(_ base: Value, _ name: Identifier, at span: SourceSpan,
                    in frame: Frame) throws -> Value {
        switch (base, name.name) {
        case (.entity(let entity), _):
            return try Scenarios.member(of: entity, name, in: frame)
        case (.record(let record), _):
            guard let field = record[name.name] else {
                throw LocatedError("the record has no field '\(name.name)'", at: name.span,
                                   help: Suggestions.didYouMean(name.name, among: record.names)
                                       ?? "its fields are " + record.names.joined(separator: ", "), kind: .name)
            }
            return field
        case (.date(let d), "start"), (.date(let d), "end"):
            return .date(d)
        case (.uncertain(let set), "start"), (.uncertain(let set), "end"):
            // An uncertain date is one day in every sample (SPEC §5).
            guard set.dimension == .date else { throw unknown(base, name) }
            return base
        case (.uncertain(let set), "days"):
            guard set.dimension == .date else { throw unknown(base, name) }
            return .duration(CalendarDuration(days: 1))
        case (.date, "days"):
            return .duration(CalendarDuration(days: 1))
        case (.period(let p), "start"):
            return .date(p.start)
        case (.period(let p), "end"):
            return .date(p.end)
        case (.period(let p), "days"):
            return .duration(p.length)
        default:
            throw unknown(base, name)
        }
    }

    static func unknown(_ base: Value, _ name: Identifier) -> LocatedError {
        LocatedError("unknown member '\(name.name)' of \(base.typeName)", at: name.span,
                     help: Suggestions.didYouMean(name.name, among: names(of: base)), kind: .name)
    }
}
