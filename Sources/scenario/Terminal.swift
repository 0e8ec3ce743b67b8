import Foundation

/// Buffered writes to the standard streams, and whether to colour diagnostics.
final class Terminal: @unchecked Sendable {
    static let standardOutput = Terminal(fd: STDOUT_FILENO)
    static let standardError = Terminal(fd: STDERR_FILENO, buffered: false)

    /// Colour only on a terminal, and never when `NO_COLOR` is set (SPEC §9).
    static var colorDiagnostics: Bool {
        isatty(STDERR_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    private let fd: Int32
    private let buffered: Bool
    /// The first write error other than a closed pipe (a full disk, a
    /// closed descriptor): output was lost, and the command must say so.
    private(set) var failure: Int32?
    private var buffer: [UInt8] = []
    private let lock = NSLock()

    private init(fd: Int32, buffered: Bool = true) {
        self.fd = fd
        self.buffered = buffered
        buffer.reserveCapacity(1 << 16)
    }

    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        buffer.append(contentsOf: text.utf8)
        if !buffered || buffer.count >= 1 << 16 { flushLocked() }
    }

    func flush() {
        lock.lock()
        defer { lock.unlock() }
        flushLocked()
    }

    private func flushLocked() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                // The reader went away (EPIPE, when SIGPIPE is ignored):
                // drop the rest quietly, as `head` expects.
                if n < 0 && errno != EPIPE && failure == nil { failure = errno }
                break
            }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
