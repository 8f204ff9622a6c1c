// Shared vectors through the Swift binding (macOS and Linux Swift; not run on the project's
// Linux machines, which have no Swift compiler: the Kotlin runner, tests/kotlin/VectorsTest.kt,
// runs every kind there through the same scaffolding). Covers the value kinds and the workflow
// decisions on plain values; the other kinds are run by the Kotlin runner, and a vector file of
// a kind neither covered here nor named in `runByKotlin` fails `testEveryKindIsRunOrListed`.
import Foundation
import XCTest
@testable import LearnerDestinations

final class VectorsTests: XCTestCase {
    let vectors = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("../../../tests/vectors").standardized

    func cases(_ file: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: vectors.appendingPathComponent(file))
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try XCTUnwrap(doc["cases"] as? [[String: Any]])
    }

    func testUln() throws {
        for c in try cases("uln.json") {
            let expected = try XCTUnwrap(c["expected"] as? [String: Any])
            do {
                let uln = try parseUln(input: c["input"] as? String ?? "")
                XCTAssertEqual(expected["valid"] as? Bool, true, "\(c)")
                XCTAssertEqual(expected["unknown"] as? Bool, uln.unknown, "\(c)")
            } catch let LdError.Argument(code, _, _) {
                XCTAssertEqual(expected["valid"] as? Bool, false, "\(c)")
                XCTAssertEqual(expected["error"] as? String, code, "\(c)")
            }
        }
    }

    func testUkMobile() throws {
        for c in try cases("uk_mobile.json") {
            let expected = try XCTUnwrap(c["expected"] as? [String: Any])
            do {
                let m = try parseUkMobile(input: c["input"] as? String ?? "")
                XCTAssertEqual(expected["valid"] as? Bool, true, "\(c)")
                if let n = expected["national"] as? String { XCTAssertEqual(n, m.national) }
            } catch let LdError.Argument(code, _, _) {
                XCTAssertEqual(expected["error"] as? String, code, "\(c)")
            }
        }
    }

    func testDestinationCodes() throws {
        let schemes = Schemes()
        for c in try cases("destination_codes.json") {
            let expected = try XCTUnwrap(c["expected"] as? [String: Any])
            do {
                let code = try schemes.parse(code: c["input"] as? String ?? "")
                if let e = expected["code"] as? String { XCTAssertEqual(e, code.code, "\(c)") }
                if let e = expected["scheme"] as? String { XCTAssertEqual(e, code.scheme, "\(c)") }
                XCTAssertNil(expected["error"], "\(c)")
            } catch let LdError.Argument(code, _, _) {
                XCTAssertEqual(expected["error"] as? String, code, "\(c)")
            }
        }
    }

    func testAddMonths() throws {
        for c in try cases("add_months.json") {
            let input = try XCTUnwrap(c["input"] as? [String: Any])
            let expected = try XCTUnwrap(c["expected"] as? [String: Any])
            let got = try addMonths(dateText: input["date"] as? String ?? "", months: UInt32(input["months"] as? Int ?? 0))
            XCTAssertEqual(expected["date"] as? String, got)
        }
    }

    func testTemplateCsv() throws {
        for c in try cases("template_csv.json") {
            let expected = try XCTUnwrap(c["expected"] as? [String: Any])
            if let csv = expected["csv"] as? String {
                XCTAssertEqual(csv, try templateCsv(template: c["template"] as? String ?? ""))
            }
        }
    }

    func testUploadFromBytes() throws {
        let csv = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code\n10012345,9276308686,LRN1,20000008,ICT for Users,EMP 1\n"
        let report = try validateDestinations(source: .bytes(bytes: Data(csv.utf8)),
                                              options: DestinationsOptions(ukprn: "10012345", asOf: "2025-09-01"),
                                              schemes: Schemes())
        XCTAssertEqual(report.summary.accepted, 1)
        XCTAssertThrowsError(try uploadOptionsJson(template: "destinations", optionsJson: "{\"ukrpn\": \"1\"}"))
    }

    /// Kinds whose cases this file runs.
    let runHere: Set<String> = ["uln", "uk_mobile", "destination_code", "add_months", "template_csv", "workflow"]
    /// Kinds run through the same scaffolding by the Kotlin runner only (tests/kotlin/VectorsTest.kt).
    let runByKotlin: Set<String> = ["code_mapping", "learner_field", "survey", "contact", "contact_preferences",
                                    "tracking", "destination_records", "awaiting", "ilr_esfa_rules", "ilr_file",
                                    "destinations_upload", "learners_upload", "qualifications_upload"]

    func testEveryKindIsRunOrListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: vectors.path).filter { $0.hasSuffix(".json") }
        XCTAssertFalse(files.isEmpty)
        for file in files {
            let data = try Data(contentsOf: vectors.appendingPathComponent(file))
            let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
            let kind = doc["kind"] as? String ?? ""
            XCTAssertTrue(runHere.contains(kind) || runByKotlin.contains(kind), "\(file): kind '\(kind)' is neither run nor listed")
        }
    }

    /// A plain value as its JSON text (null, a number, a string, a boolean).
    func json(_ value: Any?) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value ?? NSNull(), options: [.fragmentsAllowed])
        return String(decoding: data, as: UTF8.self)
    }

    /// The workflow decisions on plain values (`completion_status`, `group_number`,
    /// `teaching_year`); the other calls (options, runs) are run by the Kotlin runner.
    func testWorkflowDecisions() throws {
        var run = 0
        for c in try cases("workflow.json") {
            let expected = try XCTUnwrap(c["expected"] as? [String: Any])
            let call = c["call"] as? String ?? ""
            do {
                switch call {
                case "completion_status":
                    let code = try completionStatusJson(valueJson: try json(c["input"]), name: "completion_status")
                    XCTAssertEqual((expected["code"] as? NSNumber)?.intValue, Int(code), "\(c)")
                case "group_number":
                    let n = try qualificationGroupJson(valueJson: try json(c["input"]), name: "n")
                    XCTAssertEqual((expected["n"] as? NSNumber)?.intValue, Int(n), "\(c)")
                case "teaching_year":
                    let year = try teachingYear(year: c["year"] as? String, filePreparationDate: c["file_date"] as? String ?? "")
                    XCTAssertEqual(expected["year"] as? String, year, "\(c)")
                default:
                    continue
                }
                XCTAssertNil(expected["error"], "\(c)")
            } catch let LdError.Option(code, _, option, _, _) {
                XCTAssertEqual(expected["error"] as? String, code, "\(c)")
                XCTAssertEqual(expected["option"] as? String, option, "\(c)")
            }
            run += 1
        }
        XCTAssertGreaterThanOrEqual(run, 20)
    }
}
