// `deal.buyer_cost` (SPEC §7): the distribution of what the buyer pays.

enum UncertainDeals {
    /// Per sample: the price if the deal closes, which it does with that
    /// sample's p_close; otherwise what walking away costs the buyer (the
    /// breakup fee when it pays it, else $0).
    ///
    /// Whether sample i closes is decided by a uniform draw from a stream
    /// that belongs to the deal (its entity id under the session's seed), not
    /// by the next draw of the session: reading `cursor.buyer_cost` twice
    /// gives the same samples (reuse is correlated, as for a binding), and a
    /// scenario's copy of the deal closes in the same samples wherever its
    /// p_close is the same (common random numbers make `compare` fair).
    static func buyerCost(of entity: EntityRef, at span: SourceSpan, in f: Frame) throws -> Value {
        let runtime = f.runtime
        let domain = runtime.domain
        guard let location = domain.location(of: entity), location.kind == .deal else {
            throw LocatedError("\(entity) has no buyer_cost", at: span, kind: .name)
        }
        let deal = domain.deals[location.index]
        let p = try domain.pClose(of: deal, at: span)
        let otherwise = domain.walkAway(of: deal)
        guard let price = SampleSide(deal.price), let chance = SampleSide(p), let fallback = SampleSide(otherwise),
              case .money = price.dimension else {
            throw LocatedError("buyer_cost needs a price in money", at: span, kind: .type)
        }
        guard fallback.dimension == price.dimension else {
            throw Operators.mismatch("combine", deal.price, otherwise, span)
        }
        let n = try UncertainCheck.count(price.count, chance.count, fallback.count, runtime.state.settings.samples,
                                         at: span)
        try SampleMemory.reserve(n, at: span)
        // Keyed by the deal's name, so every scenario draws the same uniforms.
        let key = StreamKey(seed: runtime.state.settings.effectiveSeed,
                            stream: StreamKey.stream(named: "\(domain.ref(entity.id).name).buyer_cost"), draw: 0)
        let samples = price.operand.withLane { a in
            chance.operand.withLane { q in
                fallback.operand.withLane { b in
                    Sampling.uniforms(n, key, runtime.parallelism) { i, u in
                        u < min(max(q[i], 0), 1) ? a[i] : b[i]
                    }
                }
            }
        }
        let inputs = Provenance.merged(Provenance.inputs(deal.price, p), Provenance.inputs(otherwise, .bool(false)))
        return .uncertain(SampleSet(samples: samples, dimension: price.dimension, inputs: inputs))
    }
}
