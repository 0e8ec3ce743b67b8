// Times 1M draws of each SPEC §16 sampler (issue 15), compiled straight
// from ScenarioKit's sources with -O (see run.sh), so the samplers are
// timed before the evaluator wires them into the language.
import Dispatch

/// Sampling.swift's mixture refers to the evaluator's single-draw sampler;
/// the benchmark never draws mixtures, so a stand-in with its shape will do.
struct ScalarSampler {
    let key: StreamKey
    func next(_ g: inout Xoshiro256StarStar, _ x: UnsafeBufferPointer<Double>, _ r: UnsafeBufferPointer<Double>)
        -> Double { 0 }
}

let n = 1_000_000
let runs = 7

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

func time(_ body: (StreamKey) -> [Double]) -> Double {
    var times: [Double] = []
    var sink = 0.0
    for run in 0..<runs {
        let key = StreamKey(seed: 1, stream: 0, draw: UInt64(run))
        let start = DispatchTime.now().uptimeNanoseconds
        let xs = body(key)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        sink += xs[xs.count / 2]
    }
    if sink.isNaN { print("nan") }
    return median(times)
}

let cases: [(String, (StreamKey, Parallelism) -> [Double])] = [
    ("normal(0, 1)", { Sampling.normal(mean: .scalar(0), sd: .scalar(1), n, $0, $1) }),
    ("gamma(2.5)", { Distributions.gamma(shape: .scalar(2.5), n, key: $0, $1) }),
    ("gamma(0.5)", { Distributions.gamma(shape: .scalar(0.5), n, key: $0, $1) }),
    ("beta(8, 2)", { Distributions.beta(.scalar(8), .scalar(2), n, key: $0, $1) }),
    ("beta(0.5, 0.5)", { Distributions.beta(.scalar(0.5), .scalar(0.5), n, key: $0, $1) }),
    ("triangular(0, 3, 10)", {
        Distributions.triangular(low: .scalar(0), mode: .scalar(3), high: .scalar(10), n, key: $0, $1)
    }),
    ("pert(10, 20, 60)", {
        Distributions.pert(low: .scalar(10), mode: .scalar(20), high: .scalar(60), n, key: $0, $1)
    }),
    ("poisson(4)", { Distributions.poisson(mean: .scalar(4), n, key: $0, $1) }),
    ("poisson(400)", { Distributions.poisson(mean: .scalar(400), n, key: $0, $1) }),
    ("binomial(20, 0.3)", { Distributions.binomial(trials: .scalar(20), p: .scalar(0.3), n, key: $0, $1) }),
    ("binomial(1000, 0.4)", { Distributions.binomial(trials: .scalar(1000), p: .scalar(0.4), n, key: $0, $1) }),
]

for (name, draw) in cases {
    let serial = time { draw($0, .serial) }
    let automatic = time { draw($0, .automatic) }
    print("\(name)\t\(serial)\t\(automatic)")
}
