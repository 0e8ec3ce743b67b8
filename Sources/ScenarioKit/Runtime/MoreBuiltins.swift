// The math and list built-ins of SPEC §22 (floor, ceil, log, sort, zip,
// str, range in its three forms) and the calendar ones (date, month, day,
// today, workdays_between). Those that make sense per sample are lifted
// with `SampleWise` in `Builtins.all`.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum MoreBuiltins {
    static let all: [Builtin] = math + lists + calendar

    /// Built-ins (here and in the core table) that run sample by sample on
    /// uncertain arguments through their plain body.
    static let sampleWise: Set<String> = [
        "floor", "ceil", "log", "date", "month", "day", "workdays_between", "year", "quarter", "months_between",
    ]

    private static func make(_ name: String, _ parameters: [String], _ arity: ClosedRange<Int>? = nil,
                             _ body: @escaping Builtin.Body) -> Builtin {
        Builtin(name: name, parameters: parameters, arity: arity ?? parameters.count...parameters.count, body: body)
    }

    // MARK: Math

    private static let math: [Builtin] = [
        make("floor", ["x"]) { _, args, site in try rounding("floor", args[0], site) { $0.rounded(.down) } },
        make("ceil", ["x"]) { _, args, site in try rounding("ceil", args[0], site) { $0.rounded(.up) } },
        make("log", ["x", "base"], 1...2) { _, args, site in
            let x = try number("log", args, 0, site)
            guard x > 0 else { throw LocatedError("'log' needs a number above 0, got \(args[0].description)",
                                                  at: site.argument(0), kind: .runtime) }
            guard args.count == 2 else { return .number(log10(x)) }
            let base = try number("log", args, 1, site)
            guard base > 0, base != 1 else {
                throw LocatedError("'log' needs a base above 0 other than 1, got \(args[1].description)",
                                   at: site.argument(1), kind: .runtime)
            }
            return .number(try Operators.finite(log(x) / log(base), site.span))
        },
    ]

    /// floor and ceil keep the dimension; percents and points round in
    /// percentage units, as `round` does (floor(16.7%) is 16%).
    private static func rounding(_ name: String, _ v: Value, _ site: CallSite,
                                 _ f: (Double) -> Double) throws -> Value {
        switch v {
        case .number(let x): return .number(f(x))
        case .money(let x, let c): return .money(f(x), currency: c)
        case .percent(let x): return .percent(f(x * 100) / 100)
        case .points(let x): return .points(f(x * 100) / 100)
        default: throw Builtins.needs(name, "a number, money or a percent", v, site.argument(0))
        }
    }

    // MARK: Lists and strings

    private static let lists: [Builtin] = [
        make("sort", ["xs", "key"], 1...2) { f, args, site in
            guard case .list(let xs) = args[0] else { throw Builtins.needs("sort", "a list", args[0], site.argument(0)) }
            var keys = xs
            if args.count == 1, xs.contains(where: { if case .record = $0 { true } else { false } }) {
                throw LocatedError("'sort' needs a key to order records", at: site.argument(0),
                                   help: "for example: sort(book, fn(d) => d.price)", kind: .type)
            }
            if args.count == 2 {
                guard case .function(let key) = args[1] else {
                    throw Builtins.needs("sort", "a key function", args[1], site.argument(1))
                }
                guard case .list(let mapped) = try ListLoops.map(xs, key, site, in: f) else { return args[0] }
                keys = mapped
            }
            if let i = keys.firstIndex(where: \.isUncertain) {
                throw LocatedError("'sort' cannot order uncertain values (\(args.count == 2 ? "key" : "element") "
                                       + "\(i + 1) is uncertain)", at: site.argument(args.count - 1),
                                   help: "sort by a summary, e.g. sort(xs, fn(x) => mean(x))", kind: .type)
            }
            // Indices as the tie-break: equal keys keep their order (a stable sort).
            var order = Array(keys.indices)
            var count = 0
            try order.sort { i, j in
                count += 1
                if count & 0xFFFF == 0 { try f.checkInterrupt(at: site.span) }
                if try Operators.compare(.less, keys[i], keys[j], at: site.argument(args.count - 1)) { return true }
                if try Operators.compare(.less, keys[j], keys[i], at: site.argument(args.count - 1)) { return false }
                return i < j
            }
            return .list(order.map { xs[$0] })
        },
        make("zip", ["a", "b"]) { _, args, site in
            guard case .list(let a) = args[0] else { throw Builtins.needs("zip", "a list", args[0], site.argument(0)) }
            guard case .list(let b) = args[1] else { throw Builtins.needs("zip", "a list", args[1], site.argument(1)) }
            guard a.count == b.count else {
                throw LocatedError("'zip' needs two lists of one length, got \(a.count) and \(b.count) elements",
                                   at: site.span, kind: .runtime)
            }
            try SampleMemory.reserveList(a.count, at: site.span)
            return .list(zip(a, b).map { .list([$0, $1]) })
        },
        make("str", ["x"]) { _, args, site in
            let text = args[0].description
            try Operators.checkLength(text, at: site.span)
            return .string(text)
        },
        make("range", ["a", "b", "step"], 1...3) { f, args, site in
            let a = args.count == 1 ? 0 : try whole("range", args, 0, site)
            let b = try whole("range", args, args.count == 1 ? 0 : 1, site)
            let step = args.count == 3 ? try whole("range", args, 2, site) : 1
            guard step != 0 else { throw LocatedError("'range' needs a step other than 0", at: site.argument(2), kind: .runtime) }
            let count = step > 0 ? max(0, (b - a + step - 1) / step) : max(0, (a - b - step - 1) / -step)
            try Operators.checkCount(count, at: site.span)
            var out = try LargeLists.reserved(count, at: site.span)
            var i = a
            for k in 0..<count {
                if k & 0xFFFF == 0 { try f.checkInterrupt(at: site.span) }
                out.append(.number(Double(i)))
                i += step
            }
            return .list(out)
        },
    ]

    // MARK: Calendar

    private static let calendar: [Builtin] = [
        make("date", ["year", "month", "day"]) { _, args, site in
            let y = try whole("date", args, 0, site), m = try whole("date", args, 1, site)
            let d = try whole("date", args, 2, site)
            guard CalendarMath.validYears.contains(y) else {
                throw LocatedError("'date' needs a year from 1 to 9999, got \(y)", at: site.argument(0), kind: .runtime)
            }
            guard (1...12).contains(m) else {
                throw LocatedError("'date' needs a month from 1 to 12, got \(m)", at: site.argument(1), kind: .runtime)
            }
            guard let date = CalendarDate(year: y, month: m, day: d) else {
                throw LocatedError("'date' needs a day from 1 to \(CalendarMath.daysInMonth(m, year: y)) "
                                       + "in \(CalendarMath.monthName(m)) \(y), got \(d)", at: site.argument(2), kind: .runtime)
            }
            return .date(date)
        },
        make("month", ["d"]) { _, args, site in .number(Double(try day("month", args, 0, site).month)) },
        make("day", ["d"]) { _, args, site in .number(Double(try day("day", args, 0, site).day)) },
        make("today", []) { f, _, _ in .date(f.runtime.state.settings.today ?? machineToday()) },
        make("workdays_between", ["a", "b"]) { _, args, site in
            let a = try day("workdays_between", args, 0, site), b = try day("workdays_between", args, 1, site)
            return .number(Double(CalendarMath.workdaysBetween(a.dayNumber, b.dayNumber)))
        },
    ]

    /// The machine's date in its local time zone (SPEC §22's `today()`
    /// when `set today` and `--today` do not pin it).
    static func machineToday() -> CalendarDate {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil,
              let date = CalendarDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1,
                                      day: Int(parts.tm_mday))
        else { return CalendarDate(dayNumber: Int(now) / 86_400) }
        return date
    }

    // MARK: Argument helpers

    private static func number(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> Double {
        guard let x = Operators.plainNumber(args[i]) else { throw Builtins.needs(name, "a number", args[i], site.argument(i)) }
        return x
    }

    private static func whole(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> Int {
        guard case .number(let x) = args[i], x == x.rounded(), abs(x) <= 9_007_199_254_740_992 else {
            throw Builtins.needs(name, "whole numbers", args[i], site.argument(i), kind: Compiler.numberOrType(args[i]))
        }
        return Int(x)
    }

    /// The first day of a date or period.
    private static func day(_ name: String, _ args: [Value], _ i: Int, _ site: CallSite) throws -> CalendarDate {
        guard let span = Operators.daySpan(args[i]) else {
            throw Builtins.needs(name, "a date or a period", args[i], site.argument(i))
        }
        return span.start
    }
}
