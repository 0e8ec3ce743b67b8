// The one table of statement words (SPEC §1, §4, §6, §8): the lexer makes
// them plain NAMEs, the parser decides from position whether a name starts
// a statement, and the resolver and completion read their spellings here.

/// A word that starts a statement at the start of a statement, when the next
/// token is not `(`, `.` or `=`; elsewhere it is an ordinary name
/// (`cursor.close`, `score(m, b)`). `by`, `params`, `trained` and `release`
/// start the model clauses that may stand on their own line.
enum StatementWord: String, CaseIterable {
    case company, merge, deal, buyer, target, announce, close, breakup, condition, convert, outcome
    case model, benchmark, score, departures, event, timeline, report, print, assert, set, scenario, compare
    case by, params, trained, release

    /// The word spelled `name`, if any. Asked of the first name of every
    /// statement: a table by length and first letter leaves at most three
    /// spellings to compare, where hashing the name cost several times more
    /// (and `init(rawValue:)` compares with every spelling).
    static func named(_ name: String) -> StatementWord? {
        let utf8 = name.utf8
        let count = utf8.count
        guard count <= maxLength, let first = utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
            return nil
        }
        for word in byShape[count * 26 + Int(first - UInt8(ascii: "a"))] where word.rawValue == name {
            return word
        }
        return nil
    }

    private static let maxLength = allCases.map(\.rawValue.utf8.count).max() ?? 0

    /// The words of each length and first letter, at `length * 26 + letter`.
    private static let byShape: [[StatementWord]] = {
        var table = [[StatementWord]](repeating: [], count: (maxLength + 1) * 26)
        for word in allCases {
            let utf8 = word.rawValue.utf8
            table[utf8.count * 26 + Int(utf8.first! - UInt8(ascii: "a"))].append(word)
        }
        return table
    }()
}

/// The spellings of the statement words (SPEC §1: `deal`, `print`, …), for completion.
public let statementWords: Set<String> = Set(StatementWord.allCases.map(\.rawValue))

extension DomainStmt {
    /// The statement word that starts this statement (`close` for
    /// `.close`, `params` for a `params` clause on its own).
    var word: StatementWord {
        switch self {
        case .company: .company
        case .merge: .merge
        case .deal: .deal
        case .buyer: .buyer
        case .target: .target
        case .announce: .announce
        case .close: .close
        case .breakup: .breakup
        case .condition: .condition
        case .convert: .convert
        case .outcome: .outcome
        case .model: .model
        case .modelClause(.by): .by
        case .modelClause(.params): .params
        case .modelClause(.trained): .trained
        case .modelClause(.release): .release
        case .benchmark: .benchmark
        case .score: .score
        case .departures: .departures
        case .event: .event
        case .timeline: .timeline
        case .report: .report
        }
    }
}
