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

    /// A terminal shows East Asian wide characters in two columns: the
    /// caret and underline count them so (issue 18), while `column` stays a
    /// count of scalars; a combining mark takes none.
    @Test func caretsLineUpUnderDoubleWidthCharacters() throws {
        let session = Session()
        func rendered(_ source: String) -> String {
            do { try session.run(source); return "" } catch { return "\(error)" }
        }
        #expect(rendered("print 日本 + 1") == """
            <input>:1:7: error: unknown name '日本'
              1 | print 日本 + 1
                |       ^~~~
            """)
        #expect(rendered("let x = 1\nprint \"日本 {x + $1}\"") == """
            <input>:2:12: error: cannot add a number and money
              2 | print "日本 {x + $1}"
                |              ^~~~~~
            """)
        #expect(rendered("let s = \"ｘ\" + 1") == """
            <input>:1:9: error: cannot add a string and a number
              1 | let s = "ｘ" + 1
                |         ^~~~~~~~
            """)
        #expect(rendered("print \"e\u{301}\" + 1") == """
            <input>:1:7: error: cannot add a string and a number
              1 | print "e\u{301}" + 1
                |       ^~~~~~~
            """)
        #expect(Diagnostic.terminalColumns("日") == 2 && Diagnostic.terminalColumns("a") == 1)
        #expect(Diagnostic.terminalColumns("\u{301}") == 0 && Diagnostic.terminalColumns("🎉") == 2)
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

    @Test func aLongLineIsShownAsAWindowAroundTheCaret() throws {
        let session = Session()
        let source = "let x = " + String(repeating: "1 + ", count: 60) + "zz + " + String(repeating: "2 + ", count: 100) + "3"
        let error = try #require(catching { try session.run(source) })
        let d = error.diagnostics[0]
        #expect(d.column == 249 && d.message == "unknown name 'zz'")
        let lines = d.render().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shown = String(lines[1].dropFirst("  1 | ".count))
        #expect(shown.unicodeScalars.count == Diagnostic.excerptColumns + 2)
        #expect(shown.hasPrefix("…") && shown.hasSuffix("…"))
        // The caret is still under `zz`, and the underline covers it only.
        let caretLine = String(lines[2].dropFirst("    | ".count))
        let caret = try #require(caretLine.firstIndex(of: "^"))
        let offset = caretLine.distance(from: caretLine.startIndex, to: caret)
        #expect(String(Array(shown)[offset..<(offset + 2)]) == "zz")
        #expect(caretLine.hasSuffix("^~"))
    }

    @Test func aNestingErrorOnAHugeLineStaysShort() throws {
        let session = Session()
        let source = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        let error = try #require(catching { try session.run(source) })
        #expect(error.description.utf8.count < 1_000)
    }

    @Test func controlCharactersInTheSourceLineAreNotSentToTheTerminal() {
        let d = Diagnostic(message: "m", file: "f", line: 1, column: 10, span: .none,
                           sourceLine: "let s = 1\u{1B}[31m + 2\u{7}\u{0}\u{9B}\tx", width: 1)
        let text = d.render(color: false)
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(!text.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
        #expect(text.contains("  1 | let s = 1\u{FFFD}[31m + 2\u{FFFD}\u{FFFD}\u{FFFD}\tx"))
        #expect(text.contains("    |          ^"))
    }
}
