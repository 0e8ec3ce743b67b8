import Foundation
import ScenarioKit

/// The interactive REPL of SPEC §11: reads input with libedit, runs it in one
/// `Session`, echoes values, reports errors and keeps going.
final class REPL {
    static let prompt = "scenario> "
    static let continuationPrompt = "....> "
    static let historyLimit = 1000

    /// The session inputs run in; `:reset` replaces it.
    private(set) var session: Session
    let editor: LineEditor
    private let signals: SignalPipe
    private let history: HistoryFile?
    /// After one failed save, history stays in memory only (one warning).
    private var historyFailed = false
    /// The last line added to history: an immediate repeat is not added again.
    private var lastRemembered: String?
    /// Lines of an input the parser says is not finished yet.
    private var pending: [String] = []
    /// Every input that ran without error, in order, for `:save`.
    private(set) var transcript: [String] = []
    /// The files loaded in this REPL (by `:load` or `scenario repl FILE`),
    /// as canonical paths: `:save` replaces none of them without `:save!`.
    /// Kept across `:reset`: the files are still the user's work.
    private(set) var loadedFiles: Set<String> = []
    /// Set by `:quit`, or by SIGTERM/SIGHUP during an evaluation.
    private var quitRequested = false

    init(signals: SignalPipe, history: HistoryFile?) {
        self.signals = signals
        self.history = history
        session = REPL.makeSession()
        editor = LineEditor(prompt: Self.prompt, historySize: Self.historyLimit, signals: signals)
        editor.setHistory(history?.load() ?? [])
        editor.completer = { [unowned self] text in self.completionOffer(for: text) }
    }

    /// Runs the REPL on the terminal, after loading `files`; returns the exit status.
    static func start(sources: [Runner.Source]) -> Int32 {
        setUpLocale()
        let signals = SignalPipe.shared
        signals.installHandlers()
        let repl = REPL(signals: signals, history: HistoryFile.defaultPath().map { HistoryFile(path: $0, limit: historyLimit) })
        for source in sources { repl.load(source) }
        return repl.run()
    }

    /// libedit needs the user's character set, or non-ASCII input is
    /// dropped; a plain "C" locale gets C.UTF-8 so `€` still works.
    private static func setUpLocale() {
        let chosen = setlocale(LC_CTYPE, "").map { String(cString: $0) }
        if chosen == nil || chosen == "C" || chosen == "POSIX" {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    static func makeSession() -> Session {
        let session = Session()
        session.output = { Terminal.standardOutput.write($0 + "\n") }
        return session
    }

    /// The read-eval-print loop; returns the exit status (0: Ctrl-D or `:quit`).
    func run() -> Int32 {
        while !quitRequested {
            editor.prompt = pending.isEmpty ? Self.prompt : Self.continuationPrompt
            Terminal.standardOutput.flush()
            switch editor.readLine() {
            case .endOfInput:
                editor.write("\n")
                // At the ....> prompt Ctrl-D drops the unfinished input, as
                // Ctrl-C does; on an empty first line it leaves.
                if !pending.isEmpty {
                    pending.removeAll()
                    continue
                }
                return Exit.success
            case .interrupted:
                pending.removeAll()
            case .line(let line):
                remember(line)
                accept(line)
            }
        }
        Terminal.standardOutput.flush()
        return Exit.success
    }

    /// One line from the user: a meta command, or more of the current input,
    /// which runs once the parser no longer says it is incomplete.
    func accept(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if pending.isEmpty && trimmed.isEmpty { return }
        // No Scenario line starts with `:`, so a command also works from a
        // continuation prompt (`:quit` when stuck); the unfinished input goes.
        if trimmed.hasPrefix(":") {
            pending.removeAll()
            command(trimmed)
            return
        }
        pending.append(line)
        let input = pending.joined(separator: "\n")
        if Parser.parse(input).isIncomplete { return }
        pending.removeAll()
        keepForSave(input, succeeded: execute(input))
    }

    /// Adds what took effect of `source` to the transcript `:save` writes:
    /// all of it, or, when it failed part-way, the statements before the
    /// one that failed (they keep their effect, so a saved script that
    /// left them out would not rebuild this state).
    func keepForSave(_ source: String, succeeded: Bool) {
        if succeeded {
            transcript.append(source)
            return
        }
        let completed = session.lastRunCompletedStatements
        guard completed > 0 else { return }
        let statements = Parser.parse(source).statements
        guard completed <= statements.count else { return }
        let end = statements[completed - 1].span.end
        transcript.append(String(decoding: source.utf8.prefix(end), as: UTF8.self))
    }

    /// How the REPL shows a value: a one-line string quoted (so `"3"` and
    /// `3` differ), a string of several lines as `print` shows it (`hist(x)`
    /// is a chart, not a line of `\n` escapes), an entity with a one-line
    /// summary of its members (SPEC §2), anything else canonically.
    func shown(_ value: Value) -> String {
        switch value {
        case .entity(let entity): return session.summary(of: entity)
        case .string(let text) where text.contains("\n"): return text
        default: return value.echoDescription
        }
    }

    /// Runs `source`, echoing values and reporting errors; true if it succeeded.
    @discardableResult
    func execute(_ source: String, name: String = "<repl>", echo: Bool = true) -> Bool {
        do {
            let values = try whileWatchingForInterrupts { try session.run(source, name: name) }
            if echo {
                for value in values { Terminal.standardOutput.write(shown(value) + "\n") }
            }
            Terminal.standardOutput.flush()
            return true
        } catch let error as ScenarioError {
            report(error.render(color: Terminal.colorDiagnostics))
        } catch {
            report("error: \(error)")
        }
        return false
    }

    /// Writes a message to stderr after whatever stdout still holds.
    func report(_ message: String) {
        Terminal.standardOutput.flush()
        Terminal.standardError.write(message + "\n")
    }

    /// Runs `body` while a watcher thread turns Ctrl-C into
    /// `Session.interrupt()`, so a long evaluation stops with an error and
    /// the REPL goes on. The terminal is in cooked mode meanwhile, so the
    /// kernel itself echoes the `^C`.
    private func whileWatchingForInterrupts<T>(_ body: () throws -> T) rethrows -> T {
        let watcher = InterruptWatcher(session: session, signals: signals)
        watcher.start()
        defer {
            let seen = watcher.stop()
            if seen.terminate { quitRequested = true }
            // The kernel echoed "^C" where the cursor was; the error goes below it.
            if seen.interrupt { Terminal.standardOutput.write("\n") }
        }
        return try body()
    }

    /// Adds a line to the editor's history and to the history file.
    private func remember(_ line: String) {
        guard !line.trimmingCharacters(in: .whitespaces).isEmpty, line != lastRemembered else { return }
        lastRemembered = line
        editor.addHistory(line)
        guard let history, !historyFailed else { return }
        do {
            try history.append(line)
        } catch {
            historyFailed = true
            report("scenario: warning: history will not be saved: \(error)")
        }
    }

    /// Runs a file in the session (`:load`).
    func load(_ path: String) {
        switch SourceReader.read(path: path) {
        case .success(let text): load(Runner.Source(name: path, text: text))
        case .failure(let failure): report("scenario: cannot read '\(path)': \(failure.reason)")
        }
    }

    /// Runs a script in the session; what took effect joins the transcript.
    func load(_ source: Runner.Source) {
        if source.name != "<stdin>" { loadedFiles.insert(Self.canonicalPath(source.name)) }
        keepForSave(source.text, succeeded: execute(source.text, name: source.name, echo: false))
    }

    /// Starts a fresh session (`:reset`): no bindings, entities or events.
    func reset() {
        session = Self.makeSession()
        transcript.removeAll()
        pending.removeAll()
    }

    func quit() {
        quitRequested = true
    }

    /// An absolute path with `.`, `..` and symbolic links resolved as far as
    /// they exist, so two names of one file compare equal.
    static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: SafeFile.resolved(path)).standardizedFileURL.resolvingSymlinksInPath().path
    }
}

/// Watches the signal pipe on its own thread while an evaluation runs.
// @unchecked: `interrupt` and `terminate` are guarded by `lock`; every other property is Sendable.
private final class InterruptWatcher: @unchecked Sendable {
    private let session: InterruptHandle
    private let signals: SignalPipe
    private let finished = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var interrupt = false
    private var terminate = false

    init(session: Session, signals: SignalPipe) {
        self.session = session.interruptHandle
        self.signals = signals
    }

    func start() {
        guard signals.isValid else {
            finished.signal()
            return
        }
        let thread = Thread { [self] in watch() }
        thread.start()
    }

    /// Stops the watcher and waits for it; says whether Ctrl-C or
    /// SIGTERM/SIGHUP arrived meanwhile.
    func stop() -> (interrupt: Bool, terminate: Bool) {
        if signals.isValid { signals.send(.stopWatching) }
        finished.wait()
        lock.lock()
        defer { lock.unlock() }
        return (interrupt, terminate)
    }

    private func watch() {
        while true {
            signals.wait()
            for event in signals.drain() {
                switch event {
                case .interrupt:
                    lock.lock()
                    interrupt = true
                    lock.unlock()
                    session.interrupt()
                case .terminate:
                    lock.lock()
                    terminate = true
                    lock.unlock()
                    session.interrupt()
                case .resize:
                    break  // the next prompt measures the terminal anyway
                case .stopWatching:
                    finished.signal()
                    return
                }
            }
        }
    }
}
