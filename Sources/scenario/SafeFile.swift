import Foundation

/// Writes a whole file for `:save` so that a failure — a full disk, a file
/// size limit, a directory that went away — leaves the old file exactly as
/// it was: the text goes to a temporary file beside it, is flushed to disk,
/// and only then renamed over the old one. A symbolic link stays a link (its
/// target is replaced), and a device, FIFO or socket is written in place:
/// renaming over `/dev/null` would replace the device itself for root.
enum SafeFile {
    struct Failure: Error {
        var code: Int32
        /// `No space left on device`, `File too large`, …
        var reason: String { String(cString: strerror(code)) }
    }

    /// A new file gets `newFileMode` (less the umask); an existing one keeps
    /// its mode. Unless `replacing`, an existing regular file is left alone
    /// and the write fails with `EEXIST`, also when the file appears while
    /// the text is being written (the new file is linked in, which never
    /// replaces anything).
    static func write(_ bytes: [UInt8], to path: String, newFileMode: mode_t = 0o666,
                      replacing: Bool = true) throws(Failure) {
        let target = resolved(path)
        var info = stat()
        let exists = stat(target, &info) == 0
        if exists && (info.st_mode & S_IFMT) != S_IFREG {
            try writeInPlace(bytes, to: target)
            return
        }
        if exists && !replacing { throw Failure(code: EEXIST) }
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        let temporary = "\(directory).\(name).\(getpid()).tmp"
        unlink(temporary)  // left by a process that crashed with the same pid
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, newFileMode)
        guard fd >= 0 else { throw Failure(code: errno) }
        var failure: Int32 = 0
        if exists && fchmod(fd, info.st_mode & 0o7777) != 0 { failure = errno }
        if failure == 0 { failure = writeAll(bytes, to: fd) }
        if failure == 0 && fsync(fd) != 0 { failure = errno }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure == 0 {
            failure = replacing ? (rename(temporary, target) == 0 ? 0 : errno) : linkWithoutReplacing(temporary, target)
        }
        if failure != 0 {
            unlink(temporary)
            throw Failure(code: failure)
        }
    }

    /// Puts `temporary` at `target` only if nothing is there: `link` fails
    /// with EEXIST instead of replacing. On a file system without hard
    /// links, a check and a rename (a file appearing between the two is
    /// replaced; nothing better is portable).
    private static func linkWithoutReplacing(_ temporary: String, _ target: String) -> Int32 {
        if link(temporary, target) == 0 {
            unlink(temporary)
            return 0
        }
        let failure = errno
        if failure == EEXIST { return EEXIST }
        guard failure == EPERM || failure == ENOTSUP || failure == EOPNOTSUPP || failure == EMLINK else { return failure }
        if access(target, F_OK) == 0 { return EEXIST }
        return rename(temporary, target) == 0 ? 0 : errno
    }

    /// The file a chain of symbolic links ends at, even one that does not
    /// exist yet (a link made before the file it names).
    static func resolved(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            var link = stat()
            guard lstat(current, &link) == 0, (link.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { return current }
            let destination = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if destination.hasPrefix("/") {
                current = destination
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + destination
            } else {
                current = destination
            }
        }
        return current
    }

    private static func writeInPlace(_ bytes: [UInt8], to path: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(code: errno) }
        let failure = writeAll(bytes, to: fd)
        close(fd)
        if failure != 0 { throw Failure(code: failure) }
    }

    /// 0, or the errno of the write that failed.
    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32 {
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += n
        }
        return 0
    }
}
