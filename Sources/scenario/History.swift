import Foundation

/// The REPL's history file: libedit's `_HiStOrY_V2_` format (one entry per
/// line, blanks and control characters escaped as `\ooo`), at most `limit`
/// entries, oldest first.
///
/// Every save re-reads the file and rewrites it whole under an exclusive
/// `flock` on a side lock file, through a temporary file in the same
/// directory and `rename(2)`: a crash leaves the old file or the new one,
/// never half of one, and two sessions at once both keep their entries.
struct HistoryFile {
    /// Where history lives: `$XDG_STATE_HOME/scenario/history`, else
    /// `~/.scenario_history`; nil when neither variable is usable.
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        // The XDG spec says a relative path in the variable is to be ignored.
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/scenario/history"
        }
        if let home = environment["HOME"], !home.isEmpty {
            return home + "/.scenario_history"
        }
        return nil
    }

    static let header = "_HiStOrY_V2_"

    let path: String
    let limit: Int

    init(path: String, limit: Int = 1000) {
        self.path = path
        self.limit = limit
    }

    /// The entries on disk, oldest first; none if the file is missing or unreadable.
    func load() -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return Self.decode(data)
    }

    /// Adds one entry to the file (and drops the oldest beyond `limit`).
    func append(_ entry: String) throws {
        try update { entries in
            entries.append(entry)
        }
    }

    /// Read-modify-write under the lock; see the type's comment.
    func update(_ change: (inout [String]) -> Void) throws {
        try Self.makeDirectories((path as NSString).deletingLastPathComponent)
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lock >= 0 else { throw HistoryError(path: path + ".lock", operation: "open", code: errno) }
        defer { close(lock) }  // closing releases the lock
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw HistoryError(path: path + ".lock", operation: "lock", code: errno) }
        }

        var entries = load()
        change(&entries)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }

        // Through a temporary file and rename; a symlinked history file stays a link.
        do {
            try SafeFile.write(Self.encode(entries), to: path, newFileMode: 0o600)
        } catch {
            throw HistoryError(path: path, operation: "write", code: error.code)
        }
    }

    /// `mkdir -p`, private to the user as XDG asks for state directories.
    private static func makeDirectories(_ directory: String) throws {
        guard !directory.isEmpty, mkdir(directory, 0o700) != 0, errno != EEXIST else { return }
        guard errno == ENOENT else { throw HistoryError(path: directory, operation: "create", code: errno) }
        try makeDirectories((directory as NSString).deletingLastPathComponent)
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw HistoryError(path: directory, operation: "create", code: errno)
        }
    }

    // MARK: - Format

    static func encode(_ entries: [String]) -> [UInt8] {
        var out = Array((header + "\n").utf8)
        for entry in entries {
            for byte in entry.utf8 {
                switch byte {
                case UInt8(ascii: "\\"):
                    out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0..<0x21, 0x7F:
                    out.append(UInt8(ascii: "\\"))
                    out += [byte >> 6, (byte >> 3) & 7, byte & 7].map { UInt8(ascii: "0") + $0 }
                default:
                    out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }

    /// Reads the format libedit writes (`strvis`): `\ooo`, `\\`, and the C-style
    /// and meta escapes it may use; a file without the header is read as plain lines.
    static func decode(_ data: Data) -> [String] {
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        guard let first = lines.first else { return [] }
        let encoded = String(decoding: first, as: UTF8.self) == header
        if encoded { lines.removeFirst() }
        return lines.map { line in
            String(decoding: encoded ? unescape(Array(line)) : Array(line), as: UTF8.self)
        }
    }

    private static func unescape(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func isOctal(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "7") }
        while i < bytes.count {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < bytes.count else {
                out.append(byte)
                i += 1
                continue
            }
            let next = bytes[i + 1]
            if isOctal(next) {
                var value = 0, j = i + 1
                while j < bytes.count && j < i + 4 && isOctal(bytes[j]) {
                    value = value * 8 + Int(bytes[j] - UInt8(ascii: "0"))
                    j += 1
                }
                out.append(UInt8(truncatingIfNeeded: value))
                i = j
                continue
            }
            switch next {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "s"): out.append(0x20)
            case UInt8(ascii: "^") where i + 2 < bytes.count:
                out.append(bytes[i + 2] == UInt8(ascii: "?") ? 0x7F : bytes[i + 2] & 0x1F)
                i += 1
            case UInt8(ascii: "M") where i + 3 < bytes.count && bytes[i + 2] == UInt8(ascii: "-"):
                out.append(bytes[i + 3] | 0x80)
                i += 2
            default: out.append(next)
            }
            i += 2
        }
        return out
    }
}

/// Why the history file could not be written.
struct HistoryError: Error, CustomStringConvertible {
    var path: String
    var operation: String
    var code: Int32

    var description: String {
        "cannot \(operation) '\(path)': \(String(cString: strerror(code)))"
    }
}
