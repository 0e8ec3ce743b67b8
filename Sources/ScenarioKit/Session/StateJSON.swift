// The `--json` form of a session's state (SPEC §10): one JSON document with
// the plain bindings, the entities and their members, the events, and the
// lines `print` wrote. Written by hand so ScenarioKit needs no Foundation.

extension Session {
    /// The session's final state as one JSON document:
    /// `{"bindings": {…}, "entities": […], "events": […], "output": […]}`.
    /// Bindings hold plain values only (entities are listed under
    /// `"entities"`; functions are left out). A deal also lists its
    /// `"conditions"` with their probabilities, as `report` shows them.
    /// A scenario lists its overrides and the bindings it changes, or an
    /// `"error"` (`message`, `kind` as in ``Diagnostic/Kind``, `help`) when
    /// its world cannot be computed. `output` is what `print` wrote.
    public func stateJSON(output: [String]) -> String {
        let json = JSONWriter()
        json.object {
            json.key("bindings")
            json.object {
                for name in definedNames {
                    guard let value = value(of: name) else { continue }
                    switch value {
                    case .entity, .function: continue
                    default:
                        json.key(name)
                        json.value(value)
                    }
                }
            }
            json.key("entities")
            json.array {
                for entity in entities {
                    json.object {
                        json.key("kind"); json.string(entity.kind.rawValue)
                        json.key("name"); json.string(entity.name)
                        json.key("members")
                        json.object {
                            for member in members(of: entity) {
                                json.key(member.name)
                                json.value(member.value)
                            }
                        }
                        // The `conditions` member is their names; the report shows
                        // each with its probability, and so does this.
                        if entity.kind == .deal {
                            json.key("conditions")
                            json.array {
                                for condition in conditions(of: entity) {
                                    json.object {
                                        json.key("name"); json.string(condition.name)
                                        json.key("probability"); json.value(condition.probability)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            json.key("events")
            json.array {
                for event in events {
                    json.object {
                        json.key("date"); json.value(event.date)
                        json.key("text"); json.string(event.text)
                    }
                }
            }
            json.key("scenarios")
            json.array {
                for (id, scenario) in scenarioOverrides.enumerated() {
                    json.object {
                        json.key("name"); json.string(scenario.name)
                        json.key("overrides"); json.array { for o in scenario.overrides { json.string(o) } }
                        // Every binding whose value differs from the model's.
                        do {
                            let world = try Scenarios.world(id, of: runtime)
                            json.key("differing")
                            json.object {
                                for (name, slot) in runtime.modelNames.sorted(by: { $0.value < $1.value }) {
                                    guard let mine = world.runtime.global(slot), mine != runtime.global(slot) else {
                                        continue
                                    }
                                    if case .function = mine { continue }
                                    if case .entity = mine { continue }
                                    json.key(name); json.value(mine)
                                }
                            }
                        } catch {
                            // A scenario whose world fails to compute (the
                            // model changed after it was declared).
                            let located = error as? LocatedError ?? LocatedError("\(error)", at: .none, kind: .runtime)
                            json.key("error")
                            json.object {
                                json.key("message"); json.string(located.message)
                                json.key("kind"); json.string(located.kind.rawValue)
                                if let help = located.help { json.key("help"); json.string(help) }
                            }
                        }
                    }
                }
            }
            json.key("output")
            json.array { for line in output { json.string(line) } }
        }
        return json.text
    }
}

extension Value {
    /// The typed JSON form of SPEC §10, e.g. `{"type": "money", "value":
    /// 60000000000, "currency": "USD", "text": "$60B"}`. Every form has
    /// `"type"` and `"text"` (the canonical printed form). An uncertain
    /// value gives its `"dimension"`, sample count, `"mean"`, `"p5"` and
    /// `"p95"`: for dates these are ISO dates (`"2026-09-01"`), as the text
    /// shows them; for durations, numbers of days (`"unit": "days"`).
    public var json: String {
        let writer = JSONWriter()
        writer.value(self)
        return writer.text
    }
}

/// A minimal streaming JSON writer: commas and escaping are its only jobs.
/// A class, so that the nested closures of `object`/`array` can write to it.
final class JSONWriter {
    private(set) var text = ""
    /// Whether the current container already has an element (needs a comma).
    private var needsComma: [Bool] = []

    private func separate() {
        guard let last = needsComma.last else { return }
        if last { text += ", " }
        needsComma[needsComma.count - 1] = true
    }

    func object(_ body: () -> Void) { container("{", "}", body) }

    func array(_ body: () -> Void) { container("[", "]", body) }

    private func container(_ open: String, _ close: String, _ body: () -> Void) {
        separate()
        text += open
        needsComma.append(false)
        body()
        needsComma.removeLast()
        text += close
    }

    /// An object key; the next value written belongs to it.
    func key(_ name: String) {
        separate()
        appendQuoted(name)
        text += ": "
        needsComma[needsComma.count - 1] = false
    }

    func string(_ s: String) {
        separate()
        appendQuoted(s)
    }

    func number(_ x: Double) {
        separate()
        guard x.isFinite else { text += "null"; return }
        if x == x.rounded(), abs(x) < 1e15 {
            text += String(Int64(x))
        } else {
            text += String(x)
        }
    }

    /// A sample of a date (a day number) as the ISO date it rounds to, as
    /// the value's text shows it; null when it is no plausible day.
    func isoDate(_ dayNumber: Double) {
        let day = dayNumber.rounded()
        guard day.isFinite, CalendarMath.validDayNumbers.contains(Int(min(max(day, -1e15), 1e15))) else {
            separate(); text += "null"; return
        }
        string(CalendarDate(dayNumber: Int(day)).description)
    }

    func bool(_ b: Bool) {
        separate()
        text += b ? "true" : "false"
    }

    func value(_ value: Value) {
        object {
            key("type")
            switch value {
            case .number(let x):
                string("number"); key("value"); number(x)
            case .money(let amount, let currency):
                string("money"); key("value"); number(amount); key("currency"); string(currency)
            case .percent(let fraction):
                string("percent"); key("value"); number(fraction)
            case .points(let fraction):
                string("points"); key("value"); number(fraction)
            case .date(let date):
                string("date"); key("value"); string(date.description)
            case .period(let period):
                string("period"); key("start"); string(period.start.description)
                key("end"); string(period.end.description)
            case .duration(let duration):
                string("duration"); key("months"); number(Double(duration.months))
                key("days"); number(Double(duration.days))
            case .string(let s):
                string("string"); key("value"); string(s)
            case .bool(let b):
                string("bool"); key("value"); bool(b)
            case .list(let elements):
                string("list"); key("value"); array { for element in elements { self.value(element) } }
            case .uncertain(let set):
                string("uncertain")
                key("dimension"); string(Self.dimensionName(set.dimension))
                // Uncertain durations count days or whole months.
                if set.dimension == .days || set.dimension == .months {
                    key("unit"); string(set.dimension == .days ? "days" : "months")
                }
                if case .money(let currency) = set.dimension { key("currency"); string(currency) }
                if set.dimension == .days { key("unit"); string("days") }
                key("samples"); number(Double(set.samples.count))
                if let summary = SampleSummary(set.samples) {
                    for (name, x) in [("mean", summary.mean), ("p5", summary.p5), ("p95", summary.p95)] {
                        key(name)
                        if set.dimension == .date { isoDate(x) } else { number(x) }
                    }
                }
            case .entity(let entity):
                string("entity"); key("kind"); string(entity.kind.rawValue); key("name"); string(entity.name)
            case .function(let function):
                string("function"); key("name"); string(function.name)
            case .record(let record):
                // Fields as a JSON object, in the order written.
                string("record"); key("value")
                object { for (name, field) in zip(record.names, record.values) { key(name); self.value(field) } }
            case .figure(let figure):
                string("figure"); key("kind"); string(figure.kind.rawValue); key("data"); datum(figure.data)
            }
            key("text")
            string(value.description)
        }
    }

    static func dimensionName(_ dimension: Dimension) -> String {
        switch dimension {
        case .number: return "number"
        case .money: return "money"
        case .percent: return "percent"
        case .points: return "points"
        case .bool: return "bool"
        case .days, .months: return "duration"
        case .date: return "date"
        }
    }

    private func appendQuoted(_ s: String) {
        text += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
