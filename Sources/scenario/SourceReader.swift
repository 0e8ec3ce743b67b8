import Foundation
import ScenarioKit

/// Reads scripts for `run`, `check`, `repl` and `:load` with plain POSIX
/// reads, so pipes and FIFOs (`scenario run <(generate)`) work like files,
/// and at most one byte more than a session accepts is ever read
/// (`Session.maxSourceBytes`): a huge file passed by mistake costs nothing.
enum SourceReader {
    /// Why a file could not be read, as the error message says it.
    struct Failure: Error {
        var reason: String
    }

    /// The text of the file at `path` (bad UTF-8 becomes U+FFFD, and the
    /// lexer reports it where it is).
    static func read(path: String) -> Result<String, Failure> {
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        guard fd >= 0 else { return .failure(failure(errno)) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            return .failure(Failure(reason: "it is a directory"))
        }
        return readAll(fd)
    }

    /// Standard input, to its end (or one byte past the size limit).
    static func readStandardInput() -> String {
        (try? readAll(STDIN_FILENO).get()) ?? ""
    }

    private static func readAll(_ fd: Int32) -> Result<String, Failure> {
        let limit = Session.maxSourceBytes + 1
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count < limit {
            let wanted = min(chunk.count, limit - bytes.count)
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, wanted) }
            if n > 0 {
                bytes.append(contentsOf: chunk[..<n])
            } else if n == 0 {
                break
            } else if errno != EINTR {
                return .failure(failure(errno))
            }
        }
        // Some editors start UTF-8 files with a byte order mark; it is not
        // part of the script (the lexer would call it an unexpected character).
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return .success(String(decoding: bytes[start...], as: UTF8.self))
    }

    private static func failure(_ code: Int32) -> Failure {
        switch code {
        case ENOENT: return Failure(reason: "no such file")
        case EACCES: return Failure(reason: "permission denied")
        case EISDIR: return Failure(reason: "it is a directory")
        default: return Failure(reason: String(cString: strerror(code)))
        }
    }
}
