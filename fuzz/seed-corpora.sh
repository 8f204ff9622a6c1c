#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ with the inputs of the shared test vectors (tests/vectors/*.json
# and tests/vectors/uploads/), the sample files under examples/, the embedded reference data
# (core/data/), the ILR fixtures (tests/ilr/), and small workbooks made from the vectors' CSV
# uploads (.xlsx and .ods, so the workbook readers start from files that open; BIFF streams for
# the .xls reader), and hand-made workbook bombs of a few KB for the workbook and upload
# targets (see "Hostile seeds" in fuzz/README.md).
#
# Files are named by the SHA-1 of their content, as libFuzzer names what it adds, so running
# this again adds nothing that is already there. Deterministic: the same vectors give the same
# files. Needs only python3 (standard library).
#
#   fuzz/seed-corpora.sh            # seed every target
#   fuzz/seed-corpora.sh survey     # seed one target
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'PY'
import base64, hashlib, io, json, os, struct, sys, zipfile
from xml.sax.saxutils import escape

ROOT = os.getcwd()
VECTORS = os.path.join(ROOT, "tests", "vectors")
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
wanted = set(sys.argv[1:])
added = {}


def put(target, data):
    if wanted and target not in wanted:
        return
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, hashlib.sha1(data).hexdigest())
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)
        added[target] = added.get(target, 0) + 1


def cases(name):
    with open(os.path.join(VECTORS, name + ".json"), encoding="utf-8") as f:
        return json.load(f)["cases"]


def read(*parts):
    with open(os.path.join(ROOT, *parts), "rb") as f:
        return f.read()


def upload_bytes(case):
    if "input_text" in case:
        return case["input_text"].encode("utf-8")
    if "input_base64" in case:
        return base64.b64decode(case["input_base64"])
    return read("tests", "vectors", case["input_file"])


def csv_rows(text):
    import csv
    return [row for row in csv.reader(io.StringIO(text))]


# --- workbooks -------------------------------------------------------------------------------

def zip_bytes(entries, stored_first=None):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data, method in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()


def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def is_number(cell):
    return cell.isdigit() and 0 < len(cell) <= 15 and not cell.startswith("0")


def sheet_xml(rows, strings, shared=True):
    """The XML of one sheet; digit-only cells as numbers (as Excel stores a typed ULN)."""
    out = []
    width = max((len(r) for r in rows), default=1)
    for ri, row in enumerate(rows, 1):
        cells = []
        for ci, cell in enumerate(row):
            ref = f"{col_name(ci)}{ri}"
            if cell == "":
                continue
            if is_number(cell):
                cells.append(f'<c r="{ref}"><v>{cell}</v></c>')
            elif shared:
                if cell not in strings:
                    strings[cell] = len(strings)
                cells.append(f'<c r="{ref}" t="s"><v>{strings[cell]}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(cell)}</t></is></c>')
        out.append(f'<row r="{ri}">{"".join(cells)}</row>')
    dim = f"A1:{col_name(width - 1)}{max(len(rows), 1)}"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dim}"/><sheetData>{"".join(out)}</sheetData></worksheet>'
    )


def xlsx(sheets):
    """A .xlsx of `sheets` [(name, rows)], deflated as Excel writes it."""
    strings = {}
    parts = [sheet_xml(rows, strings) for _, rows in sheets]
    sst = "".join(f"<si><t xml:space=\"preserve\">{escape(s)}</t></si>" for s in strings)
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    )
    sheet_list = "".join(
        f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, _) in enumerate(sheets, 1)
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheet_list}</sheets></workbook>"
    )
    n = len(sheets)
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    d = zipfile.ZIP_DEFLATED
    entries = [
        ("[Content_Types].xml", types, d),
        ("_rels/.rels", rels, d),
        ("xl/workbook.xml", workbook, d),
        ("xl/_rels/workbook.xml.rels", workbook_rels, d),
    ]
    entries += [(f"xl/worksheets/sheet{i}.xml", p, d) for i, p in enumerate(parts, 1)]
    entries.append((
        "xl/sharedStrings.xml",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>',
        d,
    ))
    return zip_bytes(entries)


def ods(rows):
    """An OpenDocument spreadsheet of one sheet."""
    body = []
    for row in rows:
        cells = []
        for cell in row:
            if is_number(cell):
                cells.append(f'<table:table-cell office:value-type="float" office:value="{cell}"><text:p>{cell}</text:p></table:table-cell>')
            else:
                cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(cell)}</text:p></table:table-cell>')
        body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        f"{''.join(body)}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return zip_bytes([
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
        ("content.xml", content, zipfile.ZIP_DEFLATED),
        ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED),
    ])


def workbooks_of(text, limit_rows=12):
    """An .xlsx and an .ods holding the first rows of a CSV upload."""
    rows = csv_rows(text)[:limit_rows]
    if not rows:
        return []
    return [xlsx([("Sheet1", rows)]), ods(rows)]


# --- uploads ---------------------------------------------------------------------------------

upload_texts = {"upload_destinations": [], "upload_learners": [], "upload_qualifications": []}
for target, vector in [
    ("upload_destinations", "destinations_upload"),
    ("upload_learners", "learners_upload"),
    ("upload_qualifications", "qualifications_upload"),
]:
    for case in cases(vector):
        data = upload_bytes(case)
        put(target, data)
        if data[:2] in (b"PK", b"\xd0\xcf"):
            put("workbook", data)
        try:
            upload_texts[target].append(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
for target, example in [
    ("upload_destinations", "destinations-upload.csv"),
    ("upload_learners", "learners-import.csv"),
    ("upload_qualifications", "learner-qualifications.csv"),
]:
    text = read("examples", example).decode("utf-8")
    put(target, text)
    upload_texts[target].append(text)

# Workbooks of the best-covering uploads: the examples (the last added) and a few vectors.
for target, texts in upload_texts.items():
    for text in texts[-1:] + texts[:4]:
        for book in workbooks_of(text):
            put(target, book)
            put("workbook", book)

# The qualification export and a four-sheet exported workbook with its reference sheets.
export_texts = [read("examples", "learner-qualifications-export.csv").decode("utf-8")]
export_texts += [c["export_text"] for c in cases("qualifications_upload") if "export_text" in c]
for text in export_texts:
    put("qualification_export", text)
reference_sheets = [
    ("Qualification type", [["Qualification Type"], ["GCSE (9-1)"], ["A level"], ["BTEC National"]]),
    ("Qualification Subject", [["Qualification Type", "Qualification Subject"], ["GCSE (9-1)", "Mathematics"],
                               ["", "English Language"], ["A level", "Physics"], ["BTEC National", "Sport"]]),
    ("Qualification Grading", [["GCSE (9-1)", "A level", "BTEC National"], ["9", "A*", "D*"], ["7", "A", "D"], ["4", "E", "P"]]),
]
learners_sheet = ("Learner Qualifications", csv_rows(read("examples", "learner-qualifications.csv").decode("utf-8"))[:6])
exported = xlsx(reference_sheets + [learners_sheet])
put("upload_qualifications", exported)
put("qualification_export", exported)
put("workbook", exported)
put("reference_data", b"\x00" + xlsx(reference_sheets))

# Sheet XML for the xlsx_sheet target (its shared strings: 0-5 the header, 6-11 a good row).
put("xlsx_sheet", sheet_xml([[f"#{i}" for i in range(6)], [f"#{i}" for i in range(6, 12)]],
                            {f"#{i}": i for i in range(12)}))
for text in upload_texts["upload_destinations"][-1:] + upload_texts["upload_destinations"][:6]:
    rows = csv_rows(text)[:8]
    if rows:
        put("xlsx_sheet", sheet_xml(rows, {}, shared=False))

# BIFF8 workbook streams for the xls_stream target (the harness wraps each in a compound file):
# the first rows of a few destinations uploads, text cells as shared strings (LABELSST), whole
# numbers as NUMBER cells (as Excel stores a ULN typed into a cell), with a DIMENSIONS record.


def biff_record(typ, data):
    return struct.pack("<HH", typ, len(data)) + data


def biff_stream(rows):
    """One sheet, `Sheet1`, holding `rows` (lists of cell text)."""
    bof = lambda kind: biff_record(0x0809, struct.pack("<HH", 0x0600, kind) + bytes(12))
    strings, index, cells = [], {}, []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value.isdigit() and len(value) < 15 and not value.startswith("0"):
                cells.append(biff_record(0x0203, struct.pack("<HHHd", r, c, 0, float(value))))
            elif value:
                if value not in index:
                    index[value] = len(strings)
                    strings.append(value)
                cells.append(biff_record(0x00FD, struct.pack("<HHHI", r, c, 0, index[value])))
    sst = struct.pack("<II", len(strings), len(strings))
    for text in strings:
        try:
            sst += struct.pack("<HB", len(text), 0) + text.encode("latin-1")
        except UnicodeEncodeError:
            sst += struct.pack("<HB", len(text.encode("utf-16-le")) // 2, 1) + text.encode("utf-16-le")
    if len(sst) > 8224:
        return None
    width = max((len(row) for row in rows), default=0)
    name = b"Sheet1"
    bound = lambda at: biff_record(0x0085, struct.pack("<IBBB", at, 0, 0, len(name)) + b"\0" + name)
    globals_ = bof(0x0005) + bound(0) + biff_record(0x00FC, sst) + biff_record(0x000A, b"")
    globals_ = bof(0x0005) + bound(len(globals_)) + biff_record(0x00FC, sst) + biff_record(0x000A, b"")
    dimensions = biff_record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))
    return globals_ + bof(0x0010) + dimensions + b"".join(cells) + biff_record(0x000A, b"")


for text in upload_texts["upload_destinations"][-1:] + upload_texts["upload_destinations"][:6]:
    rows = csv_rows(text)[:8]
    stream = biff_stream(rows) if rows else None
    if stream:
        put("xls_stream", stream)

# --- JSON inputs -----------------------------------------------------------------------------

for case in cases("survey"):
    # A case gives its answers as JSON, or as the text of a file (duplicate keys, a BOM).
    put("survey", case["answers_text"] if "answers_text" in case else json.dumps(case["answers"], ensure_ascii=False))
put("survey", read("examples", "survey-answers.json"))

for case in cases("destination_records"):
    put("records", json.dumps(case["input"], ensure_ascii=False))
    put("records", json.dumps(case["input"]["records"], ensure_ascii=False))
put("records", read("examples", "destination-records.json"))

for case in cases("awaiting"):
    put("awaiting", json.dumps(case["input"], ensure_ascii=False))
put("awaiting", read("examples", "awaiting.json"))

# --- scheme files and codes --------------------------------------------------------------------

for name in ["ilr-outcomes.json", "wmca-destinations.json"]:
    text = read("core", "data", name).decode("utf-8")
    put("scheme_file", text)
    scheme = json.loads(text)
    if scheme["scheme"] != "ilr":
        columns = ["code", "title", "ilr_equivalent", "qualifier", "valid_from", "valid_to"]
        out = io.StringIO()
        import csv
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for c in scheme["codes"]:
            w.writerow([c.get(k) or "" for k in columns])
        put("scheme_file", out.getvalue())
        put("scheme_file", "\ufeff" + out.getvalue().replace(scheme["codes"][0]["code"][:4], "LCR"))
put("scheme_file", "code,title,ilr_equivalent,qualifier,valid_from,valid_to\n"
    "LCR1.0,Employed 16+,EMP1,,2024-08-01,\n"
    "LCR1.1,Employed 16+ - more hours,EMP1,increase in hours,2024-08-01,\n"
    "LCR2.0,Looking for work,NPE1,,2024-08-01,2026-07-31\n")
put("scheme_file", "scheme,code,title\nlcr,LCR 9,\"Quoted, title\"\n")

for case in cases("destination_codes"):
    put("destination_code", case["input"])
for case in cases("code_mapping"):
    put("destination_code", "|".join([case["input"]] + case.get("qualifiers", [])))

# --- ILR XML files ------------------------------------------------------------------------------

ilr_dir = os.path.join(ROOT, "tests", "ilr")
for name in sorted(os.listdir(ilr_dir)) if os.path.isdir(ilr_dir) else []:
    if name.endswith(".xml"):
        put("ilr", read("tests", "ilr", name))
if os.path.exists(os.path.join(VECTORS, "ilr_file.json")):
    for case in cases("ilr_file"):
        put("ilr", case["input"]["xml"])

# --- identifiers and reference data ------------------------------------------------------------

for vector in ["uln", "uk_mobile", "learner_fields"]:
    for case in cases(vector):
        put("identifiers", case["input"])
for case in cases("add_months"):
    put("identifiers", case["input"]["date"])
for text in ["10012345", "LRN1", "20000008", "ZZ99 9ZZ", "2025-26", "A12345678901X"]:
    put("identifiers", text)

put("reference_data", b"\x00" + read("core", "data", "qualification-lists.json"))
put("reference_data", b"\x01" + read("core", "data", "learner-lists.json"))
put("reference_data", b"\x02" + read("core", "data", "leaver-survey.json"))

# --- hostile workbooks (fuzz/README.md, "Hostile seeds") -----------------------------------------

header = '<row r="1">' + "".join(
    f'<c r="{col_name(i)}1" t="s"><v>{i}</v></c>' for i in range(6)) + "</row>"
bombs = {
    # One cell at the last cell of a sheet: a dense reader allocates 17 billion cells.
    "far-cell": ("A1:XFD1048576", header + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
    # The same 2 KB shape at XFD4000: about 2 GB dense.
    "far-cell-4000": ("A1:XFD4000", header + '<row r="4000"><c r="XFD4000"><v>1</v></c></row>'),
    # A dimension that claims the whole sheet, with six cells in it.
    "huge-dimension": ("A1:XFD1048576", header),
}
for name, (dim, data) in bombs.items():
    xml = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<dimension ref="{dim}"/><sheetData>{data}</sheetData></worksheet>')
    put("xlsx_sheet", xml)
    rows = xlsx([("Sheet1", [["UKPRN"]])])
    # Rebuild the workbook with the bomb sheet in place of the ordinary one.
    z = zipfile.ZipFile(io.BytesIO(rows))
    entries = []
    for info in z.infolist():
        body = z.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":
            body = xml.encode("utf-8")
        if info.filename == "xl/sharedStrings.xml":
            body = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    + "".join(f"<si><t>{h}</t></si>" for h in ["UKPRN", "Unique Learner Number", "Learner Reference Number",
                                                              "Learning Aim Reference", "Learning Aim Title", "Destination Code"])
                    + "</sst>").encode("utf-8")
        entries.append((info.filename, body, zipfile.ZIP_DEFLATED))
    book = zip_bytes(entries)
    assert len(book) < 4096, (name, len(book))
    for target in ["workbook", "upload_destinations", "upload_learners", "upload_qualifications"]:
        put(target, book)

for target in sorted(added):
    print(f"{target}: {added[target]} new")
if not added:
    print("nothing new")
PY
