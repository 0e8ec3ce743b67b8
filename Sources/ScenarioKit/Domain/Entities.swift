// The deal domain's entities (SPEC §6) as plain values. Members that hold
// numbers, money, probabilities or dates are stored as `Value`s, exactly as
// the statements gave them, so that uncertain values (SPEC §7) flow through
// the derived members unchanged. A member that was never stated is nil.

/// A company (`company id ["Display Name"]`).
struct Company: Equatable, Sendable {
    var name: String
    /// The display name; the id when none was given.
    var displayName: String?
    /// `departures COMPANY N [since DATE]`: a plain number.
    var departures: Value?
    var departuresSince: Value?
    /// The names of the companies merged into this one, transitively: its
    /// own merges in order, each followed by what the absorbed one had absorbed.
    var absorbed: [String] = []
    /// The entity id of the company this one was merged into.
    var absorbedInto: Int?
}

/// What a deal is known to have ended as (`outcome …`).
enum DealStatus: String, Sendable {
    case open, closed, abandoned
}

/// A condition to closing with the probability that it is met.
struct DealCondition: Equatable, Sendable {
    var name: String
    /// A percent (or an uncertain percent whose samples lie in 0…1).
    var probability: Value
}

/// A deal (`deal id at MONEY [cash|stock|mixed]` and its clauses).
struct Deal: Equatable, Sendable {
    var name: String
    /// Money (or uncertain money).
    var price: Value
    var consideration: Consideration?
    /// Entity ids of companies.
    var buyer: Int?
    var target: Int?
    var announce: Value?
    var close: Value?
    /// Money in the price's currency; nil when no fee was stated.
    var breakup: Value?
    var payer: Party = .buyer
    /// In the order first stated; restating one replaces its probability in place.
    var conditions: [DealCondition] = []
    /// `convert into "Class" [at MONEY]`
    var convertInto: String?
    /// The implied valuation; nil means the deal price.
    var convertAt: Value?
    var status: DealStatus = .open
    var outcomeDate: Value?
    var feePaid = false
}

/// An AI model (`model id [by COMPANY] [params N] [trained DATE] [release DATE]`).
/// Named `AIModel` so that it does not read as a "data model".
struct AIModel: Equatable, Sendable {
    var name: String
    /// The entity id of a company.
    var by: Int?
    var params: Value?
    var trained: Value?
    var release: Value?
}

/// A benchmark (`benchmark id ["Display Name"]`).
struct Benchmark: Equatable, Sendable {
    var name: String
    var displayName: String?
}

/// One line of the timeline.
struct DomainEvent: Equatable, Sendable {
    /// A date or a period.
    var date: Value
    var text: String
    /// The statement that made (or last restated) it: ties keep source order.
    var sequence: Int
}

/// Which clause made an event, so that restating the clause moves its event
/// instead of adding a second one (a deal has one expected close).
enum EventKey: Hashable, Sendable {
    case announce(deal: Int)
    case close(deal: Int)
    case outcome(deal: Int)
    case trained(model: Int)
    case release(model: Int)
    case departures(company: Int)
}
