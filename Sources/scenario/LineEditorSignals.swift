import Foundation

/// Signals the interactive REPL handles, turned into bytes on a self-pipe.
///
/// A signal handler gets no context, so the pipe is a process-wide constant
/// (created once, before any handler is installed; never mutated after).
/// The handler only `write(2)`s one byte — async-signal-safe — and whoever is
/// waiting (the key reader in `poll`, or the evaluation watcher) reads it.
struct SignalPipe: Sendable {
    /// One byte per signal delivered.
    enum Event: UInt8 {
        case interrupt = 67  // "C": SIGINT (Ctrl-C)
        case resize = 87  // "W": SIGWINCH
        case terminate = 84  // "T": SIGTERM or SIGHUP
        /// Not a signal: the REPL writes it to stop the evaluation watcher.
        case stopWatching = 83  // "S"
    }

    let readFD: Int32
    let writeFD: Int32

    /// The process's pipe. Both ends are non-blocking: a burst of Ctrl-C can
    /// never block the handler, and `drain` stops when the pipe is empty.
    static let shared: SignalPipe = {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return SignalPipe(readFD: -1, writeFD: -1) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        return SignalPipe(readFD: fds[0], writeFD: fds[1])
    }()

    var isValid: Bool { readFD >= 0 }

    /// Routes SIGINT, SIGWINCH, SIGTERM and SIGHUP to the pipe. `sa_flags` is
    /// 0 (no `SA_RESTART`) so a blocking call is interrupted rather than
    /// silently resumed — with `SA_RESTART` Ctrl-C appears to do nothing.
    func installHandlers() {
        guard isValid else { return }
        let signals = [SIGINT, SIGWINCH, SIGTERM, SIGHUP]
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = signalPipeHandler
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(signal, &action, nil)
            sigaddset(&mask, signal)
        }
        // A blocked mask is inherited through exec (test runners block
        // SIGINT, for one); threads started later inherit this one.
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
    }

    /// Sends an event from ordinary code (not a handler).
    func send(_ event: Event) {
        var byte = event.rawValue
        _ = Foundation.write(writeFD, &byte, 1)
    }

    /// Reads every pending byte; returns the events seen, in order.
    func drain() -> [Event] {
        var events: [Event] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = buffer.withUnsafeMutableBytes { Foundation.read(readFD, $0.baseAddress, $0.count) }
            if n > 0 {
                events += buffer[..<n].compactMap(Event.init(rawValue:))
                continue
            }
            if n < 0 && errno == EINTR { continue }
            return events
        }
    }

    /// Blocks until the pipe is readable (or a signal interrupts the wait).
    func wait() {
        var fd = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
        _ = poll(&fd, 1, -1)
    }
}

/// The handler: one byte to the pipe, errno preserved.
private func signalPipeHandler(_ signal: Int32) {
    let saved = errno
    var byte: UInt8
    switch signal {
    case SIGINT: byte = SignalPipe.Event.interrupt.rawValue
    case SIGWINCH: byte = SignalPipe.Event.resize.rawValue
    default: byte = SignalPipe.Event.terminate.rawValue
    }
    _ = write(SignalPipe.shared.writeFD, &byte, 1)
    errno = saved
}
