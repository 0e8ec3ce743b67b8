// The `--json` form of a session's state (SPEC §10): one JSON document with
// the plain bindings, the entities and their members, the events, and the
// lines `print` wrote. Written by hand so ScenarioKit needs no Foundation.

extension Session {
    /// The session's final state as one JSON document:
    /// `{"bindings": {…}, "entities": […], "events": […], "output": […]}`.
    /// Bindings hold plain values only (entities are listed under
    /// `"entities"`; functions are left out). `output` is what `print` wrote.
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
            json.key("output")
            json.array { for line in output { json.string(line) } }
        }
        return json.text
    }
}

extension Value {
    /// The typed JSON form of SPEC §10, e.g. `{"type": "money", "value":
    /// 60000000000, "currency": "USD", "text": "$60B"}`. Every form has
    /// `"type"` and `"text"` (the canonical printed form).
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
                if case .money(let currency) = set.dimension { key("currency"); string(currency) }
                key("samples"); number(Double(set.samples.count))
                if let summary = SampleSummary(set.samples) {
                    key("mean"); number(summary.mean)
                    key("p5"); number(summary.p5)
                    key("p95"); number(summary.p95)
                }
            case .entity(let entity):
                string("entity"); key("kind"); string(entity.kind.rawValue); key("name"); string(entity.name)
            case .function(let function):
                string("function"); key("name"); string(function.name)
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
        case .days: return "duration"
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
