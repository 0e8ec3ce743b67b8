import CEditLine
import Foundation

/// What one ``LineEditor/readLine()`` produced.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C: whatever was typed is discarded.
    case interrupted
    /// Ctrl-D on an empty line, the terminal closed, or SIGTERM/SIGHUP.
    case endOfInput
}

/// What Tab offers for the text before the cursor: the `word` being typed
/// (the tail of that text) and the candidates that could replace it, each
/// starting with `word`.
struct CompletionOffer: Equatable {
    var word: String
    var candidates: [String]
}

/// Interactive line editing on libedit's native API: Emacs keys, history
/// (Up/Down, Ctrl-R search), Tab completion.
///
/// Keys are read by our own function (`EL_GETCFN`) that `poll`s the terminal
/// together with the signal pipe, so a Ctrl-C is seen even when it arrives
/// between two reads; libedit's own signal handling is off (`EL_SIGNAL 0`),
/// which is why SIGWINCH is handled here too.
final class LineEditor {
    /// Called on Tab with the line's text before the cursor.
    var completer: ((String) -> CompletionOffer)?

    private let editLine: OpaquePointer
    private let history: OpaquePointer
    private let signals: SignalPipe
    /// The terminal opened a second time, non-blocking: after `poll` says
    /// "readable" the kernel may still flush the input (Ctrl-C does), and a
    /// blocking read would then swallow the interrupt.
    private let keyFD: Int32
    private let ownsKeyFD: Bool
    private var promptText: UnsafeMutablePointer<CChar>
    private var interrupted = false
    private var pendingUTF8: [UInt8] = []

    /// The prompt shown by the next ``readLine()``.
    var prompt: String {
        didSet {
            promptText.deallocate()
            promptText = Self.cString(prompt)
        }
    }

    /// Sets up the editor on the process's terminal. `historySize` caps the
    /// in-memory history (the file has its own cap).
    init(programName: String = "scenario", prompt: String, historySize: Int, signals: SignalPipe) {
        self.signals = signals
        self.prompt = prompt
        promptText = Self.cString(prompt)
        if let name = ttyname(STDIN_FILENO) {
            let fd = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
            keyFD = fd >= 0 ? fd : STDIN_FILENO
            ownsKeyFD = fd >= 0
        } else {
            keyFD = STDIN_FILENO
            ownsKeyFD = false
        }
        history = history_init()
        scn_history_setsize(history, Int32(clamping: historySize))
        scn_history_setunique(history, 1)
        editLine = el_init(programName, scn_stdin(), scn_stdout(), scn_stderr())

        scn_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        scn_el_set_editor(editLine, "emacs")
        scn_el_set_signal(editLine, 0)
        scn_el_set_prompt(editLine, lineEditorPrompt)
        scn_el_set_getcfn(editLine, lineEditorReadCharacter)
        scn_el_set_history(editLine, history)
        scn_el_addfn(editLine, "scenario-complete", "Complete the word before the cursor", lineEditorComplete)
        scn_el_bind(editLine, "^I", "scenario-complete")
        // libedit's Emacs map has Ctrl-R as "redisplay"; users expect search.
        scn_el_bind(editLine, "^R", "em-inc-search-prev")
        // The user's ~/.editrc (or $EDITRC) may still rebind anything.
        el_source(editLine, nil)
    }

    deinit {
        el_end(editLine)
        history_end(history)
        promptText.deallocate()
        if ownsKeyFD { close(keyFD) }
    }

    /// Replaces the in-memory history (oldest first).
    func setHistory(_ entries: [String]) {
        scn_history_clear(history)
        for entry in entries { scn_history_enter(history, entry) }
    }

    /// Adds one entry, so Up recalls it.
    func addHistory(_ entry: String) {
        scn_history_enter(history, entry)
    }

    /// Reads one line with editing. The terminal is raw only while this runs.
    func readLine() -> LineInput {
        interrupted = false
        pendingUTF8.removeAll()
        // A Ctrl-C pressed while nothing was reading belongs to no line; a
        // resize is picked up anyway, libedit measures before each line.
        if signals.drain().contains(.terminate) { return .endOfInput }
        var count: Int32 = 0
        let raw = el_gets(editLine, &count)
        if interrupted || (raw == nil && count < 0 && errno == EINTR) {
            write("^C\n")
            return .interrupted
        }
        guard let raw else { return .endOfInput }
        var line = String(cString: raw)
        while let last = line.last, last == "\n" || last == "\r\n" || last == "\r" { line.removeLast() }
        return .line(line)
    }

    /// Writes through libedit's output stream, so nothing is reordered.
    func write(_ text: String) {
        fputs(text, scn_stdout())
        fflush(scn_stdout())
    }

    /// A NUL-terminated copy that lives until deallocated (libedit keeps
    /// the prompt pointer between calls).
    private static func cString(_ text: String) -> UnsafeMutablePointer<CChar> {
        let bytes = Array(text.utf8)
        let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        for (i, byte) in bytes.enumerated() { pointer[i] = CChar(bitPattern: byte) }
        pointer[bytes.count] = 0
        return pointer
    }

    // MARK: - Callbacks (reached through EL_CLIENTDATA)

    fileprivate var promptPointer: UnsafeMutablePointer<CChar> { promptText }

    /// Returns 1 with a character, 0 at end of input, -1 (errno EINTR) on Ctrl-C.
    fileprivate func readCharacter(into out: UnsafeMutablePointer<wchar_t>) -> Int32 {
        while true {
            var fds = [
                pollfd(fd: keyFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signals.readFD, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, nfds_t(signals.isValid ? 2 : 1), -1)
            if ready < 0 {
                if errno == EINTR { continue }  // the pipe now says which signal
                return -1
            }
            if signals.isValid && fds[1].revents != 0 {
                for event in signals.drain() {
                    switch event {
                    case .interrupt:
                        interrupted = true
                        errno = EINTR
                        return -1
                    case .terminate:
                        return 0
                    case .resize:
                        // As libedit's own handler does: the next key redraws.
                        el_resize(editLine)
                    case .stopWatching:
                        break
                    }
                }
            }
            guard fds[0].revents != 0 else { continue }
            var byte: UInt8 = 0
            let n = Foundation.read(keyFD, &byte, 1)
            if n == 0 { return 0 }
            if n < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return -1
            }
            if let scalar = decode(byte) {
                out.pointee = wchar_t(bitPattern: scalar.value)
                return 1
            }
        }
    }

    /// Feeds one byte of UTF-8; returns a scalar once one is complete.
    /// A malformed sequence yields U+FFFD rather than being dropped silently.
    private func decode(_ byte: UInt8) -> Unicode.Scalar? {
        if pendingUTF8.isEmpty && byte < 0x80 { return Unicode.Scalar(byte) }
        pendingUTF8.append(byte)
        let lead = pendingUTF8[0]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard pendingUTF8.count >= length else { return nil }
        defer { pendingUTF8.removeAll(keepingCapacity: true) }
        let text = String(decoding: pendingUTF8, as: UTF8.self)
        return text.unicodeScalars.first ?? Unicode.Scalar(0xFFFD)
    }

    /// Tab: completes a unique candidate, extends to the candidates' common
    /// prefix, or lists them under the line.
    fileprivate func complete() -> UInt8 {
        guard let completer, let info = el_line(editLine)?.pointee,
              let start = info.buffer, let cursor = info.cursor
        else { return UInt8(CC_ERROR) }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self),
                                        count: max(0, cursor - start))
        let offer = completer(String(decoding: bytes, as: UTF8.self))
        let candidates = offer.candidates.filter { $0.hasPrefix(offer.word) }
        guard let first = candidates.first else { return UInt8(CC_REFRESH_BEEP) }
        let common = candidates.dropFirst().reduce(first) { $0.commonPrefix(with: $1) }
        if common.count > offer.word.count {
            if el_insertstr(editLine, String(common.dropFirst(offer.word.count))) != 0 {
                return UInt8(CC_ERROR)
            }
            return UInt8(CC_REFRESH)
        }
        if candidates.count == 1 { return UInt8(CC_NORM) }
        write("\n" + Self.columns(candidates, width: terminalWidth()))
        return UInt8(CC_REDISPLAY)
    }

    private func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    /// Candidates laid out in columns, row by row, like a shell's listing.
    static func columns(_ items: [String], width: Int) -> String {
        let cell = (items.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(1, cell))
        var out = ""
        for (index, item) in items.enumerated() {
            let last = index % perRow == perRow - 1 || index == items.count - 1
            out += last ? item + "\n" : item.padding(toLength: cell, withPad: " ", startingAt: 0)
        }
        return out
    }
}

private func editor(_ editLine: OpaquePointer?) -> LineEditor? {
    guard let editLine, let data = scn_el_clientdata(editLine) else { return nil }
    return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
}

private func lineEditorPrompt(_ editLine: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
    editor(editLine)?.promptPointer
}

private func lineEditorReadCharacter(_ editLine: OpaquePointer?, _ out: UnsafeMutablePointer<wchar_t>?) -> Int32 {
    guard let out, let editor = editor(editLine) else { return -1 }
    return editor.readCharacter(into: out)
}

private func lineEditorComplete(_ editLine: OpaquePointer?, _ key: Int32) -> UInt8 {
    editor(editLine)?.complete() ?? UInt8(CC_ERROR)
}
