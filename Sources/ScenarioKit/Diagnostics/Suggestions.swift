/// Did-you-mean suggestions for unknown names, members, settings and the
/// REPL's meta commands.
///
/// Names are compared by optimal string alignment distance: insertions,
/// deletions, substitutions and swaps of two neighbouring letters each cost
/// one, so the commonest typo, two letters swapped (`prcie`, `mena`, `nmae`,
/// `strat`), is as close as one wrong letter. Plain Levenshtein distance
/// counts a swap as two and missed all of these.
public enum Suggestions {
    /// How many edits a name of `length` letters may be from a suggestion:
    /// one up to five letters, then one more for every three letters, so a
    /// long name may have two slips while a short one is not matched to
    /// every other short name.
    public static func allowedEdits(forLength length: Int) -> Int {
        max(1, length / 3)
    }

    /// The candidate closest to `name` if it is close enough to be a likely
    /// typo (``allowedEdits(forLength:)``). Ties go to the alphabetically
    /// first candidate, so the help is the same on every run.
    public static func closest<S: Sequence>(to name: String, among candidates: S) -> String? where S.Element == String {
        let target = Array(name.unicodeScalars)
        let limit = allowedEdits(forLength: target.count)
        var best: (distance: Int, name: String)?
        for candidate in candidates where candidate != name {
            let scalars = Array(candidate.unicodeScalars)
            guard abs(scalars.count - target.count) <= limit else { continue }
            let d = distance(target, scalars, limit: limit)
            guard d <= limit else { continue }
            if let b = best, (b.distance, b.name) <= (d, candidate) { continue }
            best = (d, candidate)
        }
        return best?.name
    }

    /// `did you mean 'revenue'?`, or nil when nothing is close.
    public static func didYouMean<S: Sequence>(_ name: String, among candidates: S) -> String? where S.Element == String {
        closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
    }

    /// Optimal string alignment distance (Levenshtein plus swaps of two
    /// neighbours, each substring edited once); stops early, returning
    /// `limit + 1`, once a whole row exceeds `limit`.
    public static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int = .max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Three rows: two back (for swaps), one back, and the current one.
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d = min(d, twoBack[j - 2] + 1)
                }
                current[j] = d
                rowMin = min(rowMin, d)
            }
            if rowMin > limit { return limit == .max ? rowMin : limit + 1 }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
