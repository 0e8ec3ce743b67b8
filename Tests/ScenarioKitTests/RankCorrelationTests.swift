import Foundation
import Testing
@testable import ScenarioKit

private func key(_ draw: UInt64) -> StreamKey { StreamKey(seed: 11, stream: 0, draw: draw) }

@Suite struct RankCorrelationTests {
    @Test func tiesShareTheAverageOfTheirRanks() {
        #expect(RankCorrelation.ranks([3, 1, 4, 1, 5]) == [3, 1.5, 4, 1.5, 5])
        #expect(RankCorrelation.ranks([2, 2, 2]) == [2, 2, 2])
        #expect(RankCorrelation.ranks([]) == [])
    }

    @Test func spearmanMatchesAHandComputedExampleWithTies() {
        // Ranks (1, 2.5, 2.5, 4, 5) and (2, 1, 3.5, 3.5, 5): about their mean 3,
        // Σab = 7.25 and Σa² = Σb² = 9.5, so rho = 7.25 / 9.5 (scipy's
        // spearmanr agrees: 0.7631578947368421).
        let rho = RankCorrelation.spearman([1, 2, 2, 3, 4], [2, 1, 3, 3, 5])
        #expect(abs(rho - 7.25 / 9.5) < 1e-15)
    }

    @Test func spearmanOfMonotoneAndConstantSamples() {
        let x = [0.5, 3, -2, 8, 1]
        #expect(RankCorrelation.spearman(x, x.map { exp($0) }) == 1)
        #expect(RankCorrelation.spearman(x, x.map { -$0 * $0 * $0 }) == -1)
        #expect(RankCorrelation.spearman(x, [4, 4, 4, 4, 4]) == 0)
        #expect(RankCorrelation.spearman([7], [1]) == 0)
    }

    @Test func normalQuantileInvertsTheCDF() {
        for p in [1e-12, 0.001, 0.02425, 0.1, 0.5, 0.7, 0.975, 0.999999] {
            let z = RankCorrelation.normalQuantile(p)
            let back = 0.5 * erfc(-z / 2.0.squareRoot())
            #expect(abs(back - p) <= 1e-14 * max(p, 1e-3), "Φ(Φ⁻¹(\(p))) = \(back)")
        }
        #expect(abs(RankCorrelation.normalQuantile(0.975) - 1.959963984540054) < 1e-14)
    }

    @Test(arguments: [-0.9, -0.5, 0, 0.3, 0.7, 1, -1])
    func imanConoverReachesTheTargetRankCorrelation(rho: Double) {
        let n = 100_000
        let x = Sampling.lognormal(mu: .scalar(0), sigma: .scalar(1), n, key(1), .automatic)
        let y = Distributions.beta(.scalar(2), .scalar(5), n, key: key(2), .automatic)
        let result = RankCorrelation.imanConover(x, y, rho: rho, key: key(3))
        #expect(result.sorted() == x.sorted(), "x's values must be kept")
        let got = RankCorrelation.spearman(result, y)
        #expect(abs(got - rho) < 0.02, "rank_corr \(got), target \(rho)")
        if abs(rho) == 1 { #expect(got == rho) }
    }

    @Test func imanConoverWithTiesOnBothSides() {
        // Whole-number samples with many ties: x's values are kept, the rank
        // correlation lands near the target (ties cap what is reachable).
        let n = 50_000
        let x = Distributions.poisson(mean: .scalar(3), n, key: key(4), .automatic)
        let y = Distributions.binomial(trials: .scalar(10), p: .scalar(0.5), n, key: key(5), .automatic)
        for rho in [-0.6, 0.5, 1] {
            let result = RankCorrelation.imanConover(x, y, rho: rho, key: key(6))
            #expect(result.sorted() == x.sorted())
            let got = RankCorrelation.spearman(result, y)
            #expect(abs(got - rho) < 0.05, "rank_corr \(got), target \(rho)")
        }
    }

    @Test func rhoOutsideMinusOneToOneIsNamed() {
        #expect(RankCorrelation.checkRho(1.2)?.reason == .correlationOutside)
        #expect(RankCorrelation.checkRho(-1.0001)?.parameter == "rho")
        #expect(RankCorrelation.checkRho(.nan)?.reason == .notFinite)
        #expect(RankCorrelation.checkRho(-1) == nil && RankCorrelation.checkRho(1) == nil)
        #expect(RankCorrelation.checkRho(1.5)?.description == "rho must be between -1 and 1")
    }

    @Test func imanConoverIsDeterministicAndLeavesAConstantAlone() {
        let x = Sampling.normal(mean: .scalar(0), sd: .scalar(1), 5_000, key(7), .automatic)
        let y = Sampling.normal(mean: .scalar(0), sd: .scalar(1), 5_000, key(8), .automatic)
        #expect(RankCorrelation.imanConover(x, y, rho: 0.4, key: key(9))
            == RankCorrelation.imanConover(x, y, rho: 0.4, key: key(9)))
        #expect(RankCorrelation.imanConover(x, [Double](repeating: 2, count: 5_000), rho: 0.4, key: key(9)) == x)
    }
}
