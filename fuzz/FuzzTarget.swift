// The libFuzzer entry point (issue 8): every input goes through the lexer,
// the parser, the checker and the evaluator, and every value and error it
// produces is printed the ways the CLI and the REPL print them. libFuzzer
// reports a crash (a trap, a sanitizer finding, a stack overflow), a leak,
// an input that takes longer than `-timeout`, and one that needs more than
// `-rss_limit_mb`.
//
// Compiled together with Sources/ScenarioKit into one module (fuzz/build.sh),
// so it calls the public API without an import.

#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Inputs longer than this are cut: longer ones only cost time, every
/// construct fits well inside it.
private let maxInputBytes = 16 << 10

/// An evaluation runs at most this long before the watchdog interrupts it,
/// the way Ctrl-C does in the REPL. A loop that does not look at the
/// interrupt flag shows up as a libFuzzer timeout (`-timeout`, 10 s in
/// fuzz/run.sh): the same loop would ignore Ctrl-C.
private let interruptAfterNanoseconds: UInt64 = 500_000_000

@_cdecl("LLVMFuzzerTestOneInput")
public func scenarioFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: min(size, maxInputBytes))
    // The CLI reads files this way too: bad UTF-8 becomes U+FFFD.
    let text = String(decoding: bytes, as: UTF8.self)
    FuzzHarness.exercise(text)
    return 0
}

enum FuzzHarness {
    static func exercise(_ text: String) {
        // What the REPL asks before running an input.
        _ = Parser.parse(text).isIncomplete
        _ = Lexer.tokenize(text)

        let session = Session()
        var printed: [String] = []
        session.output = { printed.append($0) }
        Watchdog.shared.guarding(session) {
            do {
                for value in try session.run(text, name: "fuzz.scn") { show(value, in: session) }
            } catch {
                render(error)
            }
            // A second input in the same session: later inputs see the
            // state the first left behind, even if it failed half-way.
            do {
                show(try session.evaluate(lastLine(of: text)), in: session)
            } catch {
                render(error)
            }
        }
        // Printing is linear in the size of what is printed: a legitimate
        // ten-million-element list takes longer under ASan than -timeout.
        let values = session.definedNames.compactMap { session.value(of: $0) }
            + session.entities.flatMap { session.members(of: $0).map(\.value) }
        if values.allSatisfy(isSmall) {
            _ = session.stateJSON(output: printed)
            _ = session.environmentListing()
            _ = session.timelineLines
            _ = session.reportLines
            for entity in session.entities {
                _ = session.summary(of: entity)
            }
        }
        for name in session.definedNames.prefix(8) {
            _ = session.completions(for: name + ".")
        }

        let checker = Session()
        do {
            try checker.check(text, name: "fuzz.scn")
        } catch {
            render(error)
        }
    }

    /// At most 100,000 elements or samples.
    private static func isSmall(_ value: Value) -> Bool {
        if case .uncertain(let set) = value { return set.samples.count <= 100_000 }
        return ValueNesting.size(value) <= 100_000
    }

    private static func show(_ value: Value, in session: Session) {
        guard isSmall(value) else { return }
        _ = value.description
        _ = value.echoDescription
        _ = value.typeName
        if case .entity(let entity) = value { _ = session.summary(of: entity) }
    }

    private static func render(_ error: any Error) {
        guard let error = error as? ScenarioError else {
            fatalError("a session threw something other than a ScenarioError: \(error)")
        }
        _ = error.render(color: true)
        _ = error.description
    }

    private static func lastLine(of text: String) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: true).last ?? "")
    }
}

/// Interrupts an evaluation that runs too long, from a thread of its own
/// (as the REPL's Ctrl-C watcher does). It keeps interrupting until the
/// evaluation ends, because `Session.run` clears the flag when it starts.
final class Watchdog: Sendable {
    static let shared = Watchdog()

    private struct Guarded {
        var handle: InterruptHandle?
        var deadline: UInt64 = 0
    }

    private let guarded = Mutex(Guarded())

    private init() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Watchdog>.fromOpaque(raw).takeUnretainedValue().watch()
            return nil
        }, context)
        pthread_detach(thread)
    }

    func guarding(_ session: Session, _ body: () -> Void) {
        let handle = session.interruptHandle
        guarded.withLock { $0 = Guarded(handle: handle, deadline: Self.now() + interruptAfterNanoseconds) }
        body()
        guarded.withLock { $0 = Guarded() }
    }

    private func watch() {
        while true {
            usleep(20_000)
            let late = guarded.withLock { state -> InterruptHandle? in
                guard let handle = state.handle, Self.now() > state.deadline else { return nil }
                return handle
            }
            late?.interrupt()
        }
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
