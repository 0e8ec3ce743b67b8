// What every stage uses to stop deep input before it overflows the stack.

/// Stack-depth guard: user code can nest calls, and the parser's trees can
/// nest expressions, deeper than any fixed stack. Both are checked against
/// the address of a local variable.
enum StackGuard {
    @inline(__always)
    static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
