// Runs the shared vectors under tests/vectors/*.json through the Kotlin binding (the typed
// uniffi API) against the native library, and exits non-zero on any disagreement or on a
// vector kind this runner does not know.
//
// Each kind has one function turning a case into the "actual" object, shaped as the Rust runner
// (tests/run_vectors.rs) shapes it; every key of `expected` must be in it with the same value
// (the comparison of tests/lib.rs `subset_mismatch`). JSON is read by the small parser below
// (no extra jars).
import uk.learnerdestinations.*
import java.io.File

// --- JSON ------------------------------------------------------------------------------------

class Json(private val s: String) {
    private var i = 0
    fun parse(): Any? { val v = value(); ws(); require(i == s.length) { "trailing text at $i" }; return v }
    private fun ws() { while (i < s.length && s[i].isWhitespace()) i++ }
    private fun value(): Any? {
        ws()
        return when (val c = s[i]) {
            '{' -> { i++; val m = LinkedHashMap<String, Any?>(); ws()
                if (s[i] == '}') { i++; return m }
                while (true) { ws(); val k = string(); ws(); require(s[i] == ':'); i++; m[k] = value(); ws()
                    if (s[i] == ',') { i++; continue }; require(s[i] == '}'); i++; return m } ; @Suppress("UNREACHABLE_CODE") m }
            '[' -> { i++; val l = ArrayList<Any?>(); ws()
                if (s[i] == ']') { i++; return l }
                while (true) { l.add(value()); ws(); if (s[i] == ',') { i++; continue }; require(s[i] == ']'); i++; return l } ; @Suppress("UNREACHABLE_CODE") l }
            '"' -> string()
            't' -> { i += 4; true }
            'f' -> { i += 5; false }
            'n' -> { i += 4; null }
            else -> { val st = i; while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
                val t = s.substring(st, i); require(t.isNotEmpty()) { "unexpected '$c' at $st" }
                if (t.any { it in ".eE" }) t.toDouble() else t.toLong() }
        }
    }
    private fun string(): String {
        require(s[i] == '"'); i++
        val b = StringBuilder()
        while (s[i] != '"') {
            if (s[i] == '\\') { i++
                when (val e = s[i]) {
                    'n' -> b.append('\n'); 'r' -> b.append('\r'); 't' -> b.append('\t'); 'b' -> b.append('\b')
                    'f' -> b.append('\u000c'); 'u' -> { b.append(s.substring(i + 1, i + 5).toInt(16).toChar()); i += 4 }
                    else -> b.append(e) }
                i++
            } else b.append(s[i++])
        }
        i++; return b.toString()
    }
    companion object {
        fun write(v: Any?): String = when (v) {
            null -> "null"
            is String -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\""
            is Map<*, *> -> v.entries.joinToString(",", "{", "}") { write(it.key.toString()) + ":" + write(it.value) }
            is List<*> -> v.joinToString(",", "[", "]") { write(it) }
            else -> v.toString()
        }
    }
}

/** Where `expected` is not contained in `actual`: the first difference, or null. */
fun subsetMismatch(expected: Any?, actual: Any?, at: String = ""): String? {
    if (expected is Map<*, *> && actual is Map<*, *>) {
        for ((k, v) in expected) {
            if (!actual.containsKey(k)) return "$at.$k: expected ${Json.write(v)}, missing"
            subsetMismatch(v, actual[k], "$at.$k")?.let { return it }
        }
        return null
    }
    if (expected is List<*> && actual is List<*> && expected.size == actual.size) {
        for (i in expected.indices) subsetMismatch(expected[i], actual[i], "$at[$i]")?.let { return it }
        return null
    }
    if (norm(expected) == norm(actual)) return null
    return "$at: expected ${Json.write(expected)}, got ${Json.write(actual)}"
}

fun norm(v: Any?): Any? = when (v) {
    is Int -> v.toLong(); is UInt -> v.toLong(); is ULong -> v.toLong(); is UByte -> v.toLong()
    is Double -> if (v == Math.floor(v) && !v.isInfinite()) v.toLong() else v
    else -> v
}

// --- helpers ---------------------------------------------------------------------------------

typealias Obj = Map<String, Any?>
@Suppress("UNCHECKED_CAST") fun Any?.obj(): Obj = (this as? Map<String, Any?>) ?: emptyMap()
fun Any?.list(): List<Any?> = (this as? List<Any?>) ?: emptyList()
fun Obj.str(k: String): String = this[k] as? String ?: ""
fun Obj.optStr(k: String): String? = this[k] as? String

fun refusal(e: LdException): MutableMap<String, Any?> = when (e) {
    is LdException.Input -> mutableMapOf("error" to e.code, "message" to e.detail)
    is LdException.Argument -> mutableMapOf("error" to e.code, "message" to e.detail)
    is LdException.Option -> mutableMapOf("error" to e.code, "message" to e.detail)
    is LdException.Output -> mutableMapOf("error" to e.code, "message" to e.detail)
    is LdException.Io -> mutableMapOf("error" to e.code, "message" to e.detail)
    is LdException.Host -> mutableMapOf("error" to e.code, "message" to e.detail)
}

fun orRefusal(extra: Map<String, Any?> = emptyMap(), f: () -> Map<String, Any?>): Map<String, Any?> =
    try { f() } catch (e: LdException) { refusal(e) + extra }

fun finding(f: Finding): Map<String, Any?> = mapOf("row" to f.row?.toLong(), "column" to f.column, "value" to f.value,
    "code" to f.code, "severity" to f.severity, "message" to f.message)

fun record(r: DestinationRecord?): Map<String, Any?>? = r?.let { mapOf("code" to it.code, "start" to it.start, "end" to it.end, "collection" to it.collection) }

fun destRecord(o: Obj) = DestinationRecord(o.str("code"), o.str("start"), o.optStr("end"), o.str("collection"))

val MIRRORS: Map<String, String?> = findingKinds().associate { it.code to it.mirrors }
val VECTORS = File(System.getProperty("vectors") ?: "tests/vectors")

fun b64(s: String): ByteArray = java.util.Base64.getDecoder().decode(s)

fun source(c: Obj): UploadSource = when {
    c["input_text"] is String -> UploadSource.Bytes(c.str("input_text").toByteArray())
    c["input_base64"] is String -> UploadSource.Bytes(b64(c.str("input_base64")))
    else -> UploadSource.Path(File(VECTORS, c.str("input_file")).path)
}

fun uploadActual(r: UploadReport): MutableMap<String, Any?> {
    val s = r.summary
    return mutableMapOf(
        "summary" to mapOf("template" to s.template, "file" to s.file, "processed_at" to s.processedAt, "format" to s.format,
            "encoding" to s.encoding, "delimiter" to s.delimiter, "rows" to s.rows.toLong(), "accepted" to s.accepted.toLong(),
            "rejected" to s.rejected.toLong(), "warnings" to s.warnings.toLong(), "errors" to s.errors.toLong(),
            "blank_rows_skipped" to s.blankRowsSkipped.toLong(), "duplicate_rows" to s.duplicateRows.toLong()),
        "findings" to r.findings.map(::finding),
        "finding_codes" to r.findings.map { it.code },
        "truncated" to r.truncated,
        "rejected_rows" to r.rejected.map { row -> mapOf("row" to row.row.toLong(), "codes" to row.findings.filter { it.severity == "error" }.map { it.code }) },
        "accepted_rows" to r.accepted.map { row -> linkedMapOf<String, Any?>("row" to row.row.toLong()).apply { row.cells.forEach { put(it.column, it.value) } } },
        "errors_csv" to r.errorsCsv, "accepted_csv" to r.acceptedCsv,
        "credentials_issued" to r.credentialsIssued?.toLong(),
        "credentials" to r.credentials.map { x -> mapOf("row" to x.row.toLong(), "cells" to listOf(x.provider, x.firstName, x.lastName, x.postcode, x.uln, x.dob, x.username, x.password, x.createdOn)) },
        "qualification_lists" to r.qualificationLists?.let { mapOf("source" to it.source, "is_default" to it.isDefault, "version" to it.version) },
        "exported_learners" to r.exportedLearners?.toLong(),
    )
}

// --- options: plain camelCase data to the typed records, every key converted ------------------

/** A whole number as the JSON gave it (`10` or `10.0`); any other value has no typed form. */
fun Obj.long(k: String): Long? = when (val v = this[k]) {
    null -> null
    is Long -> v
    is Double -> v.toLong().also { require(it.toDouble() == v) { "$k: $v is not a whole number" } }
    else -> throw IllegalArgumentException("$k: ${Json.write(v)} has no typed form")
}
fun Obj.bool(k: String): Boolean? = this[k]?.let { it as? Boolean ?: throw IllegalArgumentException("$k: ${Json.write(it)} is not a boolean") }
fun Obj.text(k: String): String? = this[k]?.let { it as? String ?: throw IllegalArgumentException("$k: ${Json.write(it)} is not a string") }
fun Obj.texts(k: String): List<String>? = this[k]?.let { v -> (v as? List<*> ?: throw IllegalArgumentException("$k: ${Json.write(v)} is not a list")).map { it.toString() } }
fun Obj.seed(k: String): ULong? = this[k]?.let { v -> if (v is String) v.trim().toULong() else long(k)!!.toULong() }

val COMMON = setOf("sheet", "maxFindings", "fileName", "processedAt", "keepAccepted", "errorsCsv", "errorsXlsx", "acceptedCsv")

/** The options given, each turned into its typed field: a key no field takes fails the case. */
fun <T> typed(o: Obj, own: Set<String>, make: () -> T): T {
    val left = o.keys - own - COMMON
    require(left.isEmpty()) { "options with no typed field: $left" }
    return make()
}

/** Outputs named in the options, as files in `dir` (a scratch folder). */
class Named(private val o: Obj, private val dir: File?) {
    fun path(k: String): String? = o.text(k)?.let { name -> dir?.let { File(it, name).path } ?: name }
}

fun destinationsOptions(o: Obj, dir: File? = null) = typed(o, setOf("ukprn", "asOf")) {
    val n = Named(o, dir)
    DestinationsOptions(ukprn = o["ukprn"]?.toString(), asOf = o.text("asOf"), sheet = o.text("sheet"), maxFindings = o.long("maxFindings")?.toULong(),
        fileName = o.text("fileName"), processedAt = o.text("processedAt"), keepAccepted = o.bool("keepAccepted"),
        errorsCsv = n.path("errorsCsv"), errorsXlsx = n.path("errorsXlsx"), acceptedCsv = n.path("acceptedCsv"))
}

fun learnersOptions(o: Obj, dir: File? = null) = typed(o, setOf("ukprns", "asOf", "minAge", "maxAge", "credentials", "existingUsernames", "seed", "credentialsCsv")) {
    val n = Named(o, dir)
    LearnersOptions(ukprns = o.texts("ukprns"), asOf = o.text("asOf"), minAge = o.long("minAge"), maxAge = o.long("maxAge"),
        credentials = o.bool("credentials"), existingUsernames = o.texts("existingUsernames"), seed = o.seed("seed"),
        credentialsCsv = n.path("credentialsCsv"), sheet = o.text("sheet"), maxFindings = o.long("maxFindings")?.toULong(),
        fileName = o.text("fileName"), processedAt = o.text("processedAt"), keepAccepted = o.bool("keepAccepted"),
        errorsCsv = n.path("errorsCsv"), errorsXlsx = n.path("errorsXlsx"), acceptedCsv = n.path("acceptedCsv"))
}

fun qualificationsOptions(o: Obj, dir: File? = null) = typed(o, setOf("exportSheet")) {
    val n = Named(o, dir)
    QualificationsOptions(exportSheet = o.text("exportSheet"), sheet = o.text("sheet"), maxFindings = o.long("maxFindings")?.toULong(),
        fileName = o.text("fileName"), processedAt = o.text("processedAt"), keepAccepted = o.bool("keepAccepted"),
        errorsCsv = n.path("errorsCsv"), errorsXlsx = n.path("errorsXlsx"), acceptedCsv = n.path("acceptedCsv"))
}

/** An upload vector's options (snake_case keys beside the input), in camelCase. */
val UPLOAD_KEYS = setOf("ukprn", "ukprns", "as_of", "max_findings", "file_name", "processed_at")
val CASE_KEYS = setOf("name", "input_text", "input_base64", "input_file", "expected", "lists", "export_text", "reference_text")
fun uploadOptions(c: Obj): Obj {
    val left = c.keys - UPLOAD_KEYS - CASE_KEYS
    require(left.isEmpty()) { "upload case keys this runner does not convert: $left" }
    return c.filterKeys { it in UPLOAD_KEYS }.mapKeys { camelKey(it.key) }
}

// --- kinds -----------------------------------------------------------------------------------

val schemes = Schemes()

fun uln(c: Obj) = orRefusal(mapOf("valid" to false, "unknown" to false)) { val u = parseUln(c.str("input")); mapOf("valid" to true, "unknown" to u.unknown) }

fun destinationCode(c: Obj) = orRefusal { val d = schemes.parse(c.str("input")); mapOf("scheme" to d.scheme, "code" to d.code, "title" to d.title) }

fun codeMapping(c: Obj) = orRefusal {
    val entry = schemes.parse(c.str("input"))
    val target = c.optStr("target")
    if (target != null) {
        val m = schemes.toScheme(entry.code, target, c["qualifiers"].list().filterIsInstance<String>())
        mapOf("mapped" to m.code, "scheme" to m.scheme)
    } else mapOf("code" to entry.code, "scheme" to entry.scheme, "valid" to schemes.isValidOn(entry.code, c.str("as_of")),
        "equivalents" to schemes.equivalents(entry.code).map { it.code })
}

fun learnerField(c: Obj): Map<String, Any?> {
    val v = c.str("input")
    fun ok(value: String?, warnings: List<String> = emptyList()) = mapOf("valid" to true, "value" to value, "warnings" to warnings)
    fun checked(f: Finding?) = if (f == null) ok(null) else mapOf("error" to f.code, "message" to f.message, "valid" to false)
    return orRefusal(mapOf("valid" to false)) {
        when (val field = c.str("field")) {
            "upn" -> ok(parseUpn(v))
            "postcode" -> parsePostcode(v).let { ok(it.value, it.warnings.map { w -> w.code }) }
            "telephone" -> ok(parseUkTelephone(v))
            "email" -> ok(parseEmail(v))
            "dob" -> parseDateOfBirth(v, c.str("as_of")).let { ok(it.date, listOfNotNull(it.warning?.code)) }
            "year_group" -> ok(parseYearGroup(v))
            "gender" -> ok(parseGender(v))
            "ethnicity" -> ok(parseEthnicity(v))
            "ccis" -> ok(parseCcis(v))
            "text" -> ok(parseTextField("Street", v))
            "username" -> checked(checkUsernameRules(v, AccountType.LEARNER))
            "staff_username" -> checked(checkUsernameRules(v, AccountType.STAFF))
            "password" -> checked(checkPasswordRules(v))
            else -> mapOf("error" to "unknown field '$field'")
        }
    }
}

fun survey(c: Obj) = orRefusal {
    // answers_text: the document as JSON text (a key given twice cannot be an object).
    val answers = (c["answers_text"] as? String) ?: if (c.containsKey("answers")) Json.write(c["answers"]) else ""
    val d = deriveSurvey(schemes, answers, c.str("as_of"), c.optStr("learning_end"), null)
    mapOf("records" to d.records.map { mapOf("activity" to it.activity, "code" to it.code, "wmca_code" to it.wmcaCode, "title" to it.title,
        "start" to it.start, "end" to it.end, "collection" to it.collection, "main" to it.main) },
        "findings" to d.findings.map(::finding), "finding_codes" to d.findings.map { it.code })
}

fun bytes(v: Any?): ByteArray = v.list().map { (it as Long).toByte() }.toByteArray()

fun detail(i: Obj, k: String): ContactDetail = when (val v = i[k]) {
    null -> if (i.containsKey(k)) ContactDetail.Missing else ContactDetail.OnRecord
    true -> ContactDetail.OnRecord
    false -> ContactDetail.Missing
    else -> ContactDetail.Given(v.toString())
}

fun contact(c: Obj) = orRefusal {
    val i = c["input"].obj()
    val policy = if (i["policy"] == "ilr") ContactPolicy.ILR else ContactPolicy.SEED
    val d = decideContact(ContactPreferences(bytes(i["rui"]), bytes(i["pmc"]), detail(i, "email"), detail(i, "mobile")), policy, i.optStr("learning_end"), i.optStr("as_of"))
    val out = mutableMapOf<String, Any?>("email" to d.email, "sms" to d.sms, "contactable" to d.contactable, "reason" to d.reason,
        "decided_by" to d.decidedBy, "policy" to d.policy.name.lowercase())
    if (i["learning_end"] is String && i["as_of"] is String) out["record"] = record(d.record)
    out
}

fun contactPreferences(c: Obj) = orRefusal {
    val i = c["input"].obj()
    mapOf("findings" to checkContactPreferences(bytes(i["rui"]), bytes(i["pmc"]), i.optStr("first_start")).map { finding(it) + ("mirrors" to MIRRORS[it.code]) })
}

fun ukMobile(c: Obj) = orRefusal(mapOf("valid" to false)) { val m = parseUkMobile(c.str("input")); mapOf("valid" to true, "national" to m.national, "international" to m.international) }

fun tracking(c: Obj) = orRefusal {
    val i = c["input"].obj(); val s = i["survey"].obj(); val t = i["settings"]?.obj()
    val settings = t?.let { TrackingSettings((it["reminder_interval_days"] as? Long)?.toUInt(), (it["non_response_after_days"] as? Long)?.toUInt(), (it["stop_contact_after_days"] as? Long)?.toUInt()) }
    val r = trackSurvey(SurveyProgress(s.str("learning_end"), s.str("sent"), ((s["reminders"] as? Long) ?: 0L).toUInt(), s.optStr("answered"), s.optStr("unsubscribed")), i.str("as_of"), settings)
    mapOf("state" to r.state, "flagged_for_review" to r.flaggedForReview, "record" to record(r.record), "reason" to r.reason,
        "next_reminder" to r.nextReminder, "non_response_from" to r.nonResponseFrom)
}

fun recordFindings(records: List<DestinationRecord>, year: String?, fileDate: String) =
    checkDestinationRecords(schemes, records, year, fileDate).map { finding(it.finding) + mapOf("mirrors" to it.mirrors, "records" to it.records.map { r -> r.toLong() }) }

fun destinationRecords(c: Obj) = orRefusal {
    val i = c["input"].obj()
    mapOf("findings" to recordFindings(i["records"].list().map { destRecord(it.obj()) }, i.str("year"), i.str("file_preparation_date")))
}

fun awaitingActual(a: Awaiting) = mapOf(
    "enrolments" to a.enrolments.map { mapOf("enrolment" to it.enrolment.toLong(), "ukprn" to it.ukprn.toLong(), "uln" to it.uln, "learner_ref" to it.learnerRef,
        "aim_ref" to it.aimRef, "learning_end" to it.learningEnd, "due" to it.due, "overdue" to it.overdue) },
    "learners" to a.learners.map { mapOf("ukprn" to it.ukprn.toLong(), "uln" to it.uln, "learner_ref" to it.learnerRef, "latest_end" to it.latestEnd,
        "due" to it.due, "overdue" to it.overdue, "enrolments" to it.enrolments.map { e -> e.toLong() }, "rules" to it.rules) })

fun awaiting(c: Obj) = orRefusal {
    val i = c["input"].obj()
    val enrolments = i["enrolments"].list().map { it.obj() }.map { e ->
        AwaitingEnrolmentInput(e["ukprn"].toString(), e.str("uln"), e.str("learner_ref"), e.str("aim_ref"), e.optStr("learning_end"), (e["completion_status"] as Long).toUByte(), null) }
    val destinations = i["destinations"].list().map { it.obj() }.map { d ->
        LearnerDestinationInput(d["ukprn"].toString(), d.str("learner_ref"), d.optStr("uln"), d.optStr("aim_ref"), destRecord(d)) }
    awaitingActual(awaitingDestinations(enrolments, destinations, i.str("as_of")))
}

fun ilrEsfaRules(c: Obj) = orRefusal {
    val i = c["input"].obj(); val ref = i.str("learner_ref")
    val enrolments = i["deliveries"].list().map { it.obj() }.map { d ->
        val comp = (d["comp_status"] as Long).toUByte()
        AwaitingEnrolmentInput("10000001", "9999999999", ref, "ZPROG001", d.optStr("learning_end"), if (comp.toInt() in setOf(1, 2, 3, 6)) comp else 2u,
            Funding((d["fund_model"] as Long).toUByte(), (d["prog_type"] as? Long)?.toUByte(), comp)) }
    val destinations = i["dp"].list().map { it.obj() }.filter { it["learner_ref"] is String }.flatMap { r ->
        r["outcomes"].list().map { s -> LearnerDestinationInput("10000001", r.str("learner_ref"), null, null, DestinationRecord("EMP1", s as String, null, s)) } }
    val l = awaitingDestinations(enrolments, destinations, i.str("file_preparation_date")).learners.firstOrNull()
    val out = mutableMapOf<String, Any?>("r107" to (l?.rules?.contains("R107") ?: false), "r108" to (l?.rules?.contains("R108") ?: false))
    if (l != null) out["latest_end"] = l.latestEnd
    out
}

fun ilrHeader(h: IlrHeader) = mapOf("namespace" to h.namespace, "year" to h.year, "year_code" to h.yearCode,
    "file_preparation_date" to h.filePreparationDate, "ukprn" to h.ukprn?.toLong(), "provider_ukprn" to h.providerUkprn?.toLong())

fun ilrFindings(l: List<IlrFinding>) = l.map { finding(it.finding) + mapOf("at" to mapOf("line" to it.at.line.toLong(), "column" to it.at.column.toLong()), "learner_ref" to it.learnerRef) }

/** An ILR file (inline XML, as bytes) read for one use: the report shaped as the Rust runner's JSON. */
fun ilrFile(c: Obj) = orRefusal {
    val i = c["input"].obj(); val xml = UploadSource.Bytes(i.str("xml").toByteArray())
    val sof = i["sof"]?.list()?.map { it.toString() }
    when (val use = i.str("use")) {
        "awaiting" -> ilrAwaiting(xml, IlrAwaitingOptions(asOf = i.optStr("as_of"), sof = sof)).let { r ->
            awaitingActual(Awaiting(r.enrolments, r.learners)) + mapOf("header" to ilrHeader(r.header), "as_of" to r.asOf,
                "findings" to ilrFindings(r.findings), "learners_read" to r.learnersRead.toLong(), "learners_left_out" to r.learnersLeftOut.toLong()) }
        "contacts" -> ilrContacts(xml, IlrContactsOptions(policy = i.optStr("policy"), asOf = i.optStr("as_of"))).let { r ->
            mapOf("header" to ilrHeader(r.header), "as_of" to r.asOf, "policy" to r.policy, "findings" to ilrFindings(r.findings),
                "learners_read" to r.learnersRead.toLong(), "learners_left_out" to r.learnersLeftOut.toLong(),
                "contacts" to r.contacts.map { x -> mapOf("learner_ref" to x.learnerRef, "uln" to x.uln, "learning_end" to x.learningEnd,
                    "email" to x.email, "sms" to x.sms, "contactable" to x.contactable, "reason" to x.reason, "decided_by" to x.decidedBy,
                    "policy" to x.policy, "email_address" to x.emailAddress, "mobile" to x.mobile, "record" to record(x.record),
                    "findings" to x.findings.map(::finding)) }) }
        "records" -> ilrRecords(xml, schemes).let { r ->
            mapOf("header" to ilrHeader(r.header), "year" to r.year, "file_preparation_date" to r.filePreparationDate,
                "findings" to ilrFindings(r.findings), "records_read" to r.recordsRead.toLong(),
                "destinations" to r.destinations.map { d -> mapOf("learner_ref" to d.learnerRef, "uln" to d.uln,
                    "at" to mapOf("line" to d.at.line.toLong(), "column" to d.at.column.toLong()),
                    "findings" to d.findings.map { f -> finding(f.finding) + mapOf("mirrors" to f.mirrors, "records" to f.records.map { it.toLong() }) }) }) }
        else -> mapOf("error" to "unknown use '$use'")
    }
}

fun addMonthsCase(c: Obj) = orRefusal { val i = c["input"].obj(); mapOf("date" to addMonths(i.str("date"), (i["months"] as Long).toUInt())) }

fun templateCsvCase(c: Obj): Map<String, Any?> = try { mapOf("csv" to templateCsv(c.str("template"))) } catch (e: LdException.Option) { mapOf("error" to "unknown template '${c.str("template")}'") }

fun resources(c: Obj) = QualificationResourcesInput(listsJson = if (c.containsKey("lists")) Json.write(c["lists"]) else null,
    reference = c.optStr("reference_text")?.let { UploadSource.Bytes(it.toByteArray()) },
    export = c.optStr("export_text")?.let { UploadSource.Bytes(it.toByteArray()) })

fun destinationsUpload(c: Obj) = orRefusal { uploadActual(validateDestinations(source(c), destinationsOptions(uploadOptions(c)), schemes)) }

fun learnersUpload(c: Obj) = orRefusal { uploadActual(validateLearners(source(c), learnersOptions(uploadOptions(c)))) }

fun qualificationsUpload(c: Obj) = orRefusal { uploadActual(validateQualifications(source(c), qualificationsOptions(uploadOptions(c)), resources(c))) }

// --- kind `workflow` -------------------------------------------------------------------------

fun camelKey(k: String) = Regex("_(.)").replace(k) { it.groupValues[1].uppercase() }

fun workflowError(e: LdException): Map<String, Any?> {
    val out = refusal(e)
    when (e) {
        is LdException.Option -> { e.option?.let { out["option"] = it }; if (e.accepted.isNotEmpty()) out["accepted"] = e.accepted; if (e.options.isNotEmpty()) out["options"] = e.options }
        is LdException.Output -> if (e.options.isNotEmpty()) out["options"] = e.options
        else -> {}
    }
    return out
}

/** As tests/vectors expect of a camelCase caller (the Node runner's `workflowExpected`). */
fun workflowExpected(c: Obj): Any? {
    val expected = c["expected"]
    if (expected !is Map<*, *>) return expected
    val e = expected.obj()
    if (c["call"] == "options" && e["camel"] is Map<*, *>) return e["camel"]
    val out = LinkedHashMap(e); out.remove("camel")
    if (c["call"] != "options" && c["call"] != "run") return out
    (out["job"] as? Map<*, *>)?.let { j -> out["job"] = j.entries.associate { camelKey(it.key.toString()) to it.value } }
    (out["option"] as? String)?.let { out["option"] = camelKey(it) }
    for (k in listOf("accepted", "options")) (out[k] as? List<*>)?.let { l -> out[k] = l.map { camelKey(it.toString()) } }
    return out
}

fun workflowOptions(c: Obj): Any? = c["camel_options"] ?: (c["options"] as? Map<*, *>)?.entries?.associate { camelKey(it.key.toString()) to it.value } ?: c["options"]

fun settle(f: () -> Map<String, Any?>): Map<String, Any?> = try { f() } catch (e: LdException) { workflowError(e) }

fun workflowRun(c: Obj): Map<String, Any?> {
    val o = workflowOptions(c).obj()
    // The options are first read as plain data, so a key no typed field holds (a typo) is
    // refused by the core as it would be from the record.
    try { uploadOptionsJson(c.str("template"), Json.write(o)) } catch (e: LdException) { return workflowError(e) }
    val dir = kotlin.io.path.createTempDirectory("ld-vector-").toFile()
    try {
        val report = try {
            when (c.str("template")) {
                "destinations" -> validateDestinations(source(c), destinationsOptions(o, dir), schemes)
                "learners" -> validateLearners(source(c), learnersOptions(o, dir))
                "qualifications" -> validateQualifications(source(c), qualificationsOptions(o, dir), resources(c))
                else -> throw IllegalArgumentException("unknown template '${c.str("template")}'")
            }
        } catch (e: LdException) { return workflowError(e) }
        val out = uploadActual(report)
        // The named outputs, read back from their files (as the Rust runner reads its sinks).
        for ((key, option) in listOf("errors_csv" to "errorsCsv", "accepted_csv" to "acceptedCsv", "credentials_csv" to "credentialsCsv")) {
            val named = o.text(option)?.let { File(dir, it) }
            if (named != null) out[key] = named.takeIf { it.exists() }?.readText() ?: ""
            else if (key == "credentials_csv") out[key] = ""
        }
        return out
    } finally { dir.deleteRecursively() }
}

fun workflow(c: Obj): Map<String, Any?> {
    val input = c["input"]
    return when (val call = c.str("call")) {
        "options" -> settle { mapOf("job" to Json(uploadOptionsJson(c.str("template"), Json.write(workflowOptions(c)))).parse()) }
        "run" -> workflowRun(c)
        "optional_date" -> settle { mapOf("date" to Json(uploadOptionsJson("destinations", Json.write(mapOf("asOf" to input)))).parse().obj()["asOf"]) }
            .let { if (it["option"] == "asOf") it + ("option" to "date") else it }
        "existing_usernames" -> settle { mapOf("usernames" to Json(uploadOptionsJson("learners", Json.write(mapOf("credentials" to true, "existingUsernames" to input)))).parse().obj()["existingUsernames"]) }
            .let { if (it["option"] == "existingUsernames") it + ("option" to "existing_usernames") else it }
        "completion_status" -> settle { mapOf("code" to completionStatusJson(Json.write(input), "completion_status").toLong()) }
        "group_number" -> settle { mapOf("n" to qualificationGroupJson(Json.write(input), "n").toLong()) }
        "teaching_year" -> settle { mapOf("year" to teachingYear(c.optStr("year"), c.str("file_date"))) }
        else -> throw IllegalArgumentException("unknown workflow call '$call'")
    }
}

/**
 * Kinds (or `kind/call`s) this runner does not run, each with its reason (listed, not hidden):
 * a kind neither here nor in RUNNERS fails the run. Every kind is run today.
 */
val NOT_COVERED = mapOf<String, String>(
)

// --- the run ---------------------------------------------------------------------------------

val RUNNERS: Map<String, (Obj) -> Any?> = mapOf(
    "uln" to ::uln, "destination_code" to ::destinationCode, "code_mapping" to ::codeMapping, "learner_field" to ::learnerField,
    "survey" to ::survey, "contact" to ::contact, "contact_preferences" to ::contactPreferences, "uk_mobile" to ::ukMobile,
    "tracking" to ::tracking, "destination_records" to ::destinationRecords, "awaiting" to ::awaiting, "add_months" to ::addMonthsCase,
    "ilr_esfa_rules" to ::ilrEsfaRules, "ilr_file" to ::ilrFile, "destinations_upload" to ::destinationsUpload, "learners_upload" to ::learnersUpload,
    "qualifications_upload" to ::qualificationsUpload, "template_csv" to ::templateCsvCase, "workflow" to ::workflow,
)

var skipped = 0

fun runFile(name: String, doc: Obj): Pair<List<String>, Int> {
    val kind = doc.str("kind")
    if (kind in NOT_COVERED) { skipped += doc["cases"].list().size; println("skip $name: ${NOT_COVERED[kind]}"); return emptyList<String>() to 0 }
    val run = RUNNERS[kind] ?: return listOf("$name: unknown vector kind '$kind'") to 0
    val cases = doc["cases"].list()
    if (cases.isEmpty()) return listOf("$name: no cases") to 0
    val failures = ArrayList<String>()
    cases.forEachIndexed { i, raw ->
        val c = raw.obj()
        val expected = if (kind == "workflow") workflowExpected(c) else c["expected"]
        val actual = try { run(c) } catch (e: Throwable) { mapOf("thrown" to e.toString()) }
        subsetMismatch(expected, actual)?.let { failures.add("$name case $i (${Json.write(c["name"] ?: c["input"])}): $it") }
    }
    return failures to cases.size
}

fun selfTests(): List<String> {
    val out = ArrayList<String>()
    fun check(what: String, ok: Boolean) { if (!ok) out.add("self-test: $what") }
    check("an unknown kind fails", runFile("x.json", mapOf("kind" to "no_such_kind", "cases" to listOf(mapOf<String, Any?>()))).first.size == 1)
    check("a wrong expectation fails", runFile("w.json", mapOf("kind" to "uln", "cases" to listOf(mapOf("input" to "1000000042", "expected" to mapOf("valid" to true))))).first.size == 1)
    check("an unknown workflow call fails", runFile("u.json", mapOf("kind" to "workflow", "cases" to listOf(mapOf("call" to "no_such_call", "expected" to mapOf("n" to 1L))))).first.size == 1)
    check("an option with no typed field fails", runCatching { destinationsOptions(mapOf("ukprnn" to "10012345")) }.isFailure)
    check("an upload case key not converted fails", runCatching { uploadOptions(mapOf("keep_accepted" to false)) }.isFailure)
    check("subset holds", subsetMismatch(mapOf("a" to 1L), mapOf("a" to 1L, "b" to 2L)) == null)
    check("list length differs", subsetMismatch(mapOf("a" to listOf(1L, 2L)), mapOf("a" to listOf(1L))) != null)
    check("null differs from a value", subsetMismatch(mapOf("a" to null), mapOf("a" to "x")) != null)
    // Every kind of the Rust runner has a runner here.
    val rust = File(VECTORS.parentFile, "run_vectors.rs").readText()
    val start = rust.indexOf("match kind.as_str()")
    val kinds = Regex("\"([a-z_]+)\" => ").findAll(rust.substring(start, rust.indexOf("other =>", start))).map { it.groupValues[1] }.toList()
    check("kinds found in run_vectors.rs: $kinds", kinds.size >= 13)
    kinds.filter { it !in RUNNERS && it !in NOT_COVERED }.forEach { out.add("no Kotlin runner for kind '$it' of the Rust runner") }
    return out
}

fun main() {
    val failures = ArrayList<String>(selfTests())
    var count = 0
    val files = VECTORS.listFiles { f -> f.name.endsWith(".json") }!!.sortedBy { it.name }
    if (files.isEmpty()) failures.add("no vector files in $VECTORS")
    for (f in files) {
        val (fails, n) = runFile(f.name, Json(f.readText()).parse().obj())
        failures.addAll(fails); count += n
        if (n > 0) println("${if (fails.isEmpty()) "ok  " else "FAIL"} ${f.name}: ${n - fails.size}/$n")
    }
    schemes.close()
    if (failures.isNotEmpty()) {
        System.err.println("${failures.size} failures:\n" + failures.joinToString("\n"))
        kotlin.system.exitProcess(1)
    }
    println("$count vector cases run through Kotlin, all passed ($skipped cases of kinds not run yet: ${NOT_COVERED.keys})")
}
