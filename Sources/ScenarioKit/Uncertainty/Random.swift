// Scenario's random numbers: xoshiro256** (Blackman & Vigna, 2018) for the
// stream itself, SplitMix64 (Steele, Lea & Flood, 2014) to seed it.
//
// Samples are drawn in fixed-size chunks and every chunk has a generator of
// its own, seeded from (seed, definition stream, draw, chunk). Which thread draws a
// chunk, and how many threads there are, therefore cannot change a single
// sample: one core and two give the same bits.

/// SplitMix64: a 64-bit counter passed through a strong mixing function.
/// Used to expand a small key into a full xoshiro256** state, as its
/// authors recommend (a state of four zero words is impossible this way).
struct SplitMix64 {
    private(set) var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function (a bijection on 64-bit words).
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256**: 256 bits of state, period 2^256 − 1, passes BigCrush and
/// PractRand; a handful of shifts, rotates and one multiply per output.
struct Xoshiro256StarStar {
    private var s0, s1, s2, s3: UInt64

    /// A generator whose state is four outputs of SplitMix64 seeded with `seed`.
    init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// A generator in exactly this state (not all zero), for tests against
    /// the reference implementation's outputs.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
    }

    /// The generator of one chunk of one draw (see ``StreamKey``).
    init(_ key: StreamKey, chunk: Int) {
        self.init(seed: key.seed(forChunk: chunk))
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1): the top 53 bits, so every value is a
    /// multiple of 2^-53.
    @inline(__always)
    mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform double in (0, 1]: safe to take the logarithm of.
    @inline(__always)
    mutating func nextOpenUnit() -> Double {
        Double((next() >> 11) + 1) * 0x1p-53
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }
}

/// Names one uncertain constructor's samples: the session's seed, the
/// definition the draw belongs to (see ``RandomState``), and how many draws
/// that definition made before.
struct StreamKey: Equatable, Sendable {
    var seed: UInt64
    var stream: UInt64
    var draw: UInt64

    init(seed: Int, stream: UInt64, draw: UInt64) {
        self.seed = UInt64(bitPattern: Int64(seed))
        self.stream = stream
        self.draw = draw
    }

    /// The seed of chunk `chunk`'s generator: the key's words folded in one
    /// at a time through SplitMix64's mixer, each with its own odd constant,
    /// so that nearby keys give unrelated states.
    func seed(forChunk chunk: Int) -> UInt64 {
        var h = SplitMix64.mix(seed ^ 0x243F_6A88_85A3_08D3)
        h = SplitMix64.mix(h ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        h = SplitMix64.mix(h ^ (draw &* 0xC2B2_AE3D_27D4_EB4F))
        h = SplitMix64.mix(h ^ (UInt64(chunk) &* 0x1656_67B1_9E37_79F9))
        return h
    }

    /// A stream number for a name: FNV-1a over its UTF-8 bytes, so the same
    /// name gives the same stream in every run and every scenario.
    static func stream(named name: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }
}

/// Where the next uncertain constructor draws from (SPEC §8, common random
/// numbers): the stream of the definition being run — a binding's name with
/// how many times it was bound before, a clause such as
/// `cursor.regulatory`, or the order of a statement without a name — and
/// how many draws that definition made so far. So a definition draws the
/// same samples whatever runs before it, in the model and in every
/// scenario, and editing one statement changes no other's samples.
struct RandomState: Equatable, Sendable {
    /// The definition's stream (``StreamKey/stream(named:)``); nil until the
    /// first draw asks for it (most statements draw nothing).
    var stream: UInt64?
    /// Constructors drawn so far in this definition.
    var draws: UInt64 = 0

    /// The key of the next draw, which it consumes; `stream` gives the
    /// definition's stream the first time.
    mutating func nextKey(seed: Int, stream definition: () -> UInt64) -> StreamKey {
        let current = stream ?? definition()
        stream = current
        defer { draws &+= 1 }
        return StreamKey(seed: seed, stream: current, draw: draws)
    }
}
