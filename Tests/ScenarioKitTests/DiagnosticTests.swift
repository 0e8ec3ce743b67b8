import Testing
@testable import ScenarioKit

@Suite struct DiagnosticTests {
    @Test func rendersLikeACompiler() {
        var map = SourceMap()
        let file = map.add(name: "deal.scn", text: "deal cursor at 60B\nprint 1\nlet x = $10B + Q3 2026\n")
        let start = file.base + file.text.utf8.count - "$10B + Q3 2026\n".utf8.count
        let error = LocatedError("cannot add money and a date",
                                 at: SourceSpan(start: start, end: start + 14), help: "convert first")
        let d = map.diagnostic(error)
        #expect(d.line == 3 && d.column == 9 && d.file == "deal.scn")
        #expect(d.description == """
            deal.scn:3:9: error: cannot add money and a date
              3 | let x = $10B + Q3 2026
                |         ^~~~~~~~~~~~~~
                = help: convert first
            """)
    }

    @Test func columnsCountScalarsNotBytes() {
        let file = SourceFile(name: "f", text: "\"€€\" + 1", base: 0)
        let plus = file.text.utf8.count - 3
        #expect(file.location(of: plus) == (1, 6))
    }

    @Test func spansInLaterFilesMapBackToTheirFile() {
        var map = SourceMap()
        _ = map.add(name: "a.scn", text: "print 1\n")
        let b = map.add(name: "b.scn", text: "x\ny\n")
        let d = map.diagnostic(LocatedError("boom", at: SourceSpan(start: b.base + 2, end: b.base + 3)))
        #expect(d.file == "b.scn" && d.line == 2 && d.column == 1)
    }

    @Test func colourOnlyWhenAsked() {
        let d = Diagnostic(message: "m", file: "f", line: 1, column: 1, span: .none, sourceLine: "x", width: 1)
        #expect(!d.render(color: false).contains("\u{1B}"))
        #expect(d.render(color: true).contains("\u{1B}[1;31m"))
    }
}
