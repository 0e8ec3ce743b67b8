// Byte classes and the small fixed vocabularies the lexer recognises
// (keywords, month names, currency codes, duration units). Everything works
// on UTF-8 bytes so that no String is built until a token needs one.

enum LexerBytes {
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let hash = UInt8(ascii: "#")
    static let dollar = UInt8(ascii: "$")
    static let percent = UInt8(ascii: "%")
    static let comma = UInt8(ascii: ",")
    static let dot = UInt8(ascii: ".")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let underscore = UInt8(ascii: "_")
    static let semicolon = UInt8(ascii: ";")
    static let leftBrace = UInt8(ascii: "{")
    static let rightBrace = UInt8(ascii: "}")

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    @inline(__always) static func isLetter(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }

    @inline(__always) static func isIdentifierStart(_ b: UInt8) -> Bool { isLetter(b) || b == underscore }

    @inline(__always) static func isIdentifierChar(_ b: UInt8) -> Bool {
        isLetter(b) || isDigit(b) || b == underscore
    }

    @inline(__always) static func lowercased(_ b: UInt8) -> UInt8 { isUpper(b) ? b + 0x20 : b }

    @inline(__always) static func uppercased(_ b: UInt8) -> UInt8 { b >= 0x61 && b <= 0x7A ? b - 0x20 : b }

    /// The length of the letter (or, when not `first`, the letter, mark or
    /// digit) of an identifier whose UTF-8 sequence starts at `bytes[i]`, a
    /// byte of 0x80 or more; 0 when it is none (SPEC §1: Unicode identifiers
    /// such as `nestlé`). Decodes in place, so the ASCII path pays nothing.
    static func unicodeIdentifierLength(_ bytes: [UInt8], at i: Int, first: Bool) -> Int {
        let length = scalarLength(lead: bytes[i])
        guard length > 1, i + length <= bytes.count else { return 0 }
        var value = UInt32(bytes[i]) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            let b = bytes[i + k]
            guard b & 0xC0 == 0x80 else { return 0 }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return 0 }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return length
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber:
            return first ? 0 : length
        default:
            return 0
        }
    }

    /// The length of the UTF-8 sequence a lead byte starts (1 for a stray
    /// continuation byte, so that scanning always advances).
    static func scalarLength(lead b: UInt8) -> Int {
        switch b {
        case 0xC0...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF7: return 4
        default: return 1
        }
    }
}

/// The vocabularies of SPEC §1, matched against byte ranges.
enum LexerVocabulary {
    /// The bytes of `bytes[start..<end]` (at most 8) as one integer, first
    /// byte highest: `"let"` is 0x6c6574. Words are matched by switching on
    /// it, one comparison chain instead of a loop over spellings.
    @inline(__always)
    static func packed(_ bytes: [UInt8], _ start: Int, _ end: Int, lowercased: Bool = false,
                       uppercased: Bool = false) -> UInt64 {
        var key: UInt64 = 0
        for i in start..<end {
            let b = lowercased ? LexerBytes.lowercased(bytes[i]) : uppercased ? LexerBytes.uppercased(bytes[i]) : bytes[i]
            key = key << 8 | UInt64(b)
        }
        return key
    }

    /// The keyword spelled by `bytes[range]`, if any.
    static func keyword(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Keyword? {
        // Keywords are 2...5 lowercase letters; rule out most names cheaply.
        let length = end - start
        guard length >= 2, length <= 5 else { return nil }
        return switch packed(bytes, start, end) {
        case 0x6c6574: .let
        case 0x666e: .fn
        case 0x6966: .if
        case 0x7468656e: .then
        case 0x656c7365: .else
        case 0x616e64: .and
        case 0x6f72: .or
        case 0x6e6f74: .not
        case 0x6d6f64: .mod
        case 0x746f: .to
        case 0x696e: .in
        case 0x74727565: .true
        case 0x66616c7365: .false
        default: nil
        }
    }

    private static let monthNames: [[UInt8]] = [
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december",
    ].map { Array($0.utf8) }

    /// 1...12 for a month name (full or three-letter, any case; `Sept` too,
    /// as `CalendarMath.month(named:)` accepts) spelled by exactly
    /// `bytes[start..<end]`.
    static func month(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        let length = end - start
        guard length >= 3, length <= 9 else { return nil }
        // The first three letters tell the months apart.
        let index: Int
        switch packed(bytes, start, start + 3, lowercased: true) {
        case 0x6a616e: index = 0  // jan
        case 0x666562: index = 1  // feb
        case 0x6d6172: index = 2  // mar
        case 0x617072: index = 3  // apr
        case 0x6d6179: index = 4  // may
        case 0x6a756e: index = 5  // jun
        case 0x6a756c: index = 6  // jul
        case 0x617567: index = 7  // aug
        case 0x736570: index = 8  // sep
        case 0x6f6374: index = 9  // oct
        case 0x6e6f76: index = 10  // nov
        case 0x646563: index = 11  // dec
        default: return nil
        }
        if length == 3 { return index + 1 }
        let name = monthNames[index]
        guard length == name.count || (length == 4 && index == 8) else { return nil }
        for k in 3..<length where LexerBytes.lowercased(bytes[start + k]) != name[k] { return nil }
        return index + 1
    }

    /// Common ISO 4217 codes accepted after an amount (`5M EUR`).
    static let currencyCodes: Set<String> = [
        "USD", "EUR", "GBP", "JPY", "CHF", "CNY", "CAD", "AUD", "INR", "KRW", "SEK", "NOK",
        "DKK", "HKD", "SGD", "BRL", "MXN", "ZAR", "NZD", "RUB", "TRY", "PLN", "ILS", "AED",
        "SAR", "TWD", "THB", "IDR", "MYR", "PHP", "CZK", "HUF", "ARS", "CLP", "COP", "VND",
        "EGP", "NGN", "QAR", "KWD", "ISK", "RON", "UAH", "PKR", "BDT",
    ]

    /// The codes by their packed (uppercase) bytes.
    static let currencyKeys: [UInt64: String] = Dictionary(uniqueKeysWithValues: currencyCodes.map { code in
        let bytes = Array(code.utf8)
        return (packed(bytes, 0, bytes.count), code)
    })

    /// A duration unit word (singular or plural, lowercase): whether it counts
    /// months or days, and how many of them one unit is.
    static func durationUnit(_ bytes: [UInt8], _ start: Int, _ end: Int) -> (months: Bool, multiple: Int)? {
        var length = end - start
        guard length >= 3 else { return nil }
        if bytes[end - 1] == UInt8(ascii: "s") { length -= 1 }
        for unit in durationUnits where unit.bytes.count == length {
            if equal(bytes, start, unit.bytes) { return (unit.months, unit.multiple) }
        }
        return nil
    }

    private static let durationUnits: [(bytes: [UInt8], months: Bool, multiple: Int)] = [
        (Array("day".utf8), false, 1), (Array("week".utf8), false, 7),
        (Array("month".utf8), true, 1), (Array("quarter".utf8), true, 3), (Array("year".utf8), true, 12),
    ]

    static func equal(_ bytes: [UInt8], _ start: Int, _ word: [UInt8]) -> Bool {
        guard start + word.count <= bytes.count else { return false }
        for k in 0..<word.count where bytes[start + k] != word[k] { return false }
        return true
    }
}
