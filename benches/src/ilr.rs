//! A seeded generator of realistic ILR XML files (2023-24: contact preferences and D&P records).
//!
//! Each learner has the fields an MIS export fills (names, date of birth, ethnicity, address,
//! telephone, email, prior attainment, FAMs, an employment status), zero to three contact
//! preferences and one to four learning deliveries. Funding models in rough proportions of a
//! general FE college: 16-19 (FM25) 25%, adult skills (FM35) 35%, apprenticeships (FM36, a
//! programme aim ZPROG001 with ProgType 25 and its components) 10%, community learning (FM10)
//! 10%, other adult (FM81) 5%, non-funded (FM99) 15%. Deliveries end before the file date with
//! CompStatus 2 (about 70%), 3 (20%) or 6 (3%), the rest continue (CompStatus 1). Sources of
//! funding: 105 (ESFA adult), 107 (16-19), 112 (WMCA) on a fifth of adult aims. About a third of
//! finished learners have a D&P record. Aims are written out of AimSeqNumber order now and then,
//! and some aim references in lower case, as MIS exports do.

use super::{SplitMix64, valid_uln};
use std::io::{self, Write};

/// What [`write_ilr`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GeneratedIlr {
    /// Learners.
    pub learners: u64,
    /// Learning deliveries.
    pub deliveries: u64,
    /// D&P records.
    pub destinations: u64,
    /// Bytes written.
    pub bytes: u64,
}

/// The UKPRN of the generated provider.
pub const ILR_UKPRN: &str = "10012345";

struct Counter<W> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

const FAMILY: &[&str] = &[
    "Smith", "Khan", "Jones", "Patel", "Williams", "Begum", "Brown", "Ahmed", "Taylor", "Sméth",
    "O'Neill", "Davies", "Hussain", "Evans", "Wilson",
];
const GIVEN: &[&str] = &[
    "Amelia", "Mohammed", "Olivia", "Noah", "Isla", "Muhammad", "Ava", "Leo", "Zainab", "Oscar",
    "Chloé", "Harry", "Aisha", "Jack", "Mia",
];
const STREETS: &[&str] = &[
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Park Avenue",
    "Mill Lane",
];
const TOWNS: &[&str] = &[
    "Birmingham",
    "Coventry",
    "Wolverhampton",
    "Walsall",
    "Dudley",
    "Solihull",
];
const AIMS: &[&str] = &[
    "60012345", "60054321", "50086831", "60146385", "6030771X", "Z0002117", "Z0007834", "60089476",
];

/// Writes an ILR 2023-24 file of `learners` learners from `seed`: the same arguments always give
/// the same bytes.
pub fn write_ilr<W: Write>(out: W, learners: u64, seed: u64) -> io::Result<GeneratedIlr> {
    let mut rng = SplitMix64::new(seed);
    let mut w = Counter {
        inner: io::BufWriter::with_capacity(1 << 16, out),
        bytes: 0,
    };
    let mut g = GeneratedIlr::default();
    w.write_all(b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n")?;
    w.write_all(b"<Message xmlns=\"ESFA/ILR/2023-24\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\r\n")?;
    write!(
        w,
        "  <Header>\r\n    <CollectionDetails>\r\n      <Collection>ILR</Collection>\r\n      <Year>2324</Year>\r\n      <FilePreparationDate>2024-03-20</FilePreparationDate>\r\n    </CollectionDetails>\r\n    <Source>\r\n      <ProtectiveMarking>OFFICIAL-SENSITIVE-Personal</ProtectiveMarking>\r\n      <UKPRN>{ILR_UKPRN}</UKPRN>\r\n      <SoftwareSupplier>Bench MIS</SoftwareSupplier>\r\n      <SoftwarePackage>Bench &amp; Co</SoftwarePackage>\r\n      <Release>1.0</Release>\r\n      <SerialNo>01</SerialNo>\r\n      <DateTime>2024-03-20T13:00:38.24</DateTime>\r\n    </Source>\r\n  </Header>\r\n  <LearningProvider>\r\n    <UKPRN>{ILR_UKPRN}</UKPRN>\r\n  </LearningProvider>\r\n"
    )?;
    // Finished learners with the latest end date, for the D&P records after all learners.
    let mut finished: Vec<(u64, u64, u32)> = Vec::new();
    for i in 0..learners {
        let uln = valid_uln(&mut rng);
        let lref = format!("{:08}", 10_000 + i);
        let family = rng.pick(FAMILY);
        let given = rng.pick(GIVEN);
        let dob_year = 1960 + rng.below(48);
        write!(
            w,
            "  <Learner>\r\n    <LearnRefNumber>{lref}</LearnRefNumber>\r\n    <ULN>{uln}</ULN>\r\n    <FamilyName>{family}</FamilyName>\r\n    <GivenNames>{given}</GivenNames>\r\n    <DateOfBirth>{dob_year}-{:02}-{:02}</DateOfBirth>\r\n    <Ethnicity>{}</Ethnicity>\r\n    <Sex>{}</Sex>\r\n    <LLDDHealthProb>{}</LLDDHealthProb>\r\n    <NINumber>AB{:06}C</NINumber>\r\n    <PostcodePrior>B{} {}AA</PostcodePrior>\r\n    <Postcode>B{} {}WS</Postcode>\r\n    <AddLine1>{} {}</AddLine1>\r\n    <AddLine2>{}</AddLine2>\r\n",
            1 + rng.below(12),
            1 + rng.below(28),
            31 + rng.below(18),
            if rng.chance(5000) { "F" } else { "M" },
            1 + rng.below(2),
            rng.below(1_000_000),
            1 + rng.below(99),
            rng.below(10),
            1 + rng.below(99),
            rng.below(10),
            1 + rng.below(200),
            rng.pick(STREETS),
            rng.pick(TOWNS),
        )?;
        if rng.chance(8500) {
            write!(w, "    <TelNo>07700{:06}</TelNo>\r\n", rng.below(1_000_000))?;
        }
        if rng.chance(7500) {
            write!(
                w,
                "    <Email>{}.{}{}@example.org</Email>\r\n",
                given,
                family,
                i % 1000
            )?;
        }
        write!(
            w,
            "    <PriorAttain>\r\n      <PriorLevel>{}</PriorLevel>\r\n      <DateLevelApp>2023-09-01</DateLevelApp>\r\n    </PriorAttain>\r\n",
            1 + rng.below(9)
        )?;
        for _ in 0..rng.below(4) {
            let (t, c) = match rng.below(10) {
                0 => ("RUI", 4),
                1 => ("RUI", 1),
                2..=4 => ("PMC", 1 + rng.below(3)),
                _ => ("RUI", 6 + rng.below(2)),
            };
            write!(
                w,
                "    <ContactPreference>\r\n      <ContPrefType>{t}</ContPrefType>\r\n      <ContPrefCode>{c}</ContPrefCode>\r\n    </ContactPreference>\r\n"
            )?;
        }
        w.write_all(b"    <LearnerFAM>\r\n      <LearnFAMType>EDF</LearnFAMType>\r\n      <LearnFAMCode>1</LearnFAMCode>\r\n    </LearnerFAM>\r\n    <LearnerEmploymentStatus>\r\n      <EmpStat>10</EmpStat>\r\n      <DateEmpStatApp>2023-08-01</DateEmpStatApp>\r\n      <EmploymentStatusMonitoring>\r\n        <ESMType>EII</ESMType>\r\n        <ESMCode>2</ESMCode>\r\n      </EmploymentStatusMonitoring>\r\n    </LearnerEmploymentStatus>\r\n")?;
        let fm_roll = rng.below(100);
        let fm: u64 = match fm_roll {
            0..=24 => 25,
            25..=59 => 35,
            60..=69 => 36,
            70..=79 => 10,
            80..=84 => 81,
            _ => 99,
        };
        let n = if fm == 36 {
            2 + rng.below(3)
        } else {
            1 + rng.below(4)
        };
        let mut all_ended = true;
        let mut latest = 0u32;
        let reversed = rng.chance(1000);
        for k in 0..n {
            let seq = if reversed { n - k } else { k + 1 };
            let (aim, aim_type, prog) = if fm == 36 && k == 0 {
                ("ZPROG001".to_string(), 1, Some(25))
            } else if fm == 36 {
                (rng.pick(AIMS).to_string(), 3, Some(25))
            } else {
                let a = rng.pick(AIMS);
                let a = if rng.chance(500) {
                    a.to_ascii_lowercase()
                } else {
                    a.to_string()
                };
                (a, if fm == 25 && k == 0 { 5 } else { 4 }, None)
            };
            let start_month = 8 + rng.below(5) as u32; // Aug to Dec 2023
            let ends_month = 1 + rng.below(7) as u32; // Jan to Jul 2024
            let ended = ends_month <= 3 && rng.chance(8000) || rng.chance(1500);
            let comp = if !ended {
                1
            } else {
                match rng.below(100) {
                    0..=72 => 2,
                    73..=96 => 3,
                    _ => 6,
                }
            };
            write!(
                w,
                "    <LearningDelivery>\r\n      <LearnAimRef>{aim}</LearnAimRef>\r\n      <AimType>{aim_type}</AimType>\r\n      <AimSeqNumber>{seq}</AimSeqNumber>\r\n      <LearnStartDate>2023-{start_month:02}-{:02}</LearnStartDate>\r\n      <LearnPlanEndDate>2024-{ends_month:02}-28</LearnPlanEndDate>\r\n      <FundModel>{fm}</FundModel>\r\n",
                1 + rng.below(28)
            )?;
            if let Some(p) = prog {
                write!(
                    w,
                    "      <ProgType>{p}</ProgType>\r\n      <StdCode>{}</StdCode>\r\n",
                    100 + rng.below(500)
                )?;
            }
            write!(
                w,
                "      <DelLocPostCode>B{} {}AA</DelLocPostCode>\r\n      <CompStatus>{comp}</CompStatus>\r\n",
                1 + rng.below(99),
                rng.below(10)
            )?;
            if ended {
                let day = 1 + rng.below(28) as u32;
                let month = ends_month.min(3);
                write!(
                    w,
                    "      <LearnActEndDate>2024-{month:02}-{day:02}</LearnActEndDate>\r\n"
                )?;
                if comp != 6 {
                    write!(
                        w,
                        "      <Outcome>{}</Outcome>\r\n",
                        if comp == 2 { 1 } else { 3 }
                    )?;
                }
                latest = latest.max(month * 100 + day);
            } else {
                all_ended = false;
            }
            let sof = match fm {
                25 | 82 => "107",
                35 | 81 | 10 if rng.chance(2000) => "112",
                36 | 99 => "105",
                _ => "105",
            };
            write!(
                w,
                "      <LearningDeliveryFAM>\r\n        <LearnDelFAMType>SOF</LearnDelFAMType>\r\n        <LearnDelFAMCode>{sof}</LearnDelFAMCode>\r\n      </LearningDeliveryFAM>\r\n      <LearningDeliveryFAM>\r\n        <LearnDelFAMType>FFI</LearnDelFAMType>\r\n        <LearnDelFAMCode>1</LearnDelFAMCode>\r\n      </LearningDeliveryFAM>\r\n"
            )?;
            if fm == 36 {
                w.write_all(b"      <LearningDeliveryFAM>\r\n        <LearnDelFAMType>ACT</LearnDelFAMType>\r\n        <LearnDelFAMCode>1</LearnDelFAMCode>\r\n        <LearnDelFAMDateFrom>2023-09-01</LearnDelFAMDateFrom>\r\n      </LearningDeliveryFAM>\r\n      <AppFinRecord>\r\n        <AFinType>TNP</AFinType>\r\n        <AFinCode>1</AFinCode>\r\n        <AFinDate>2023-09-01</AFinDate>\r\n        <AFinAmount>9000</AFinAmount>\r\n      </AppFinRecord>\r\n")?;
            }
            w.write_all(b"      <ProviderSpecDeliveryMonitoring>\r\n        <ProvSpecDelMonOccur>A</ProvSpecDelMonOccur>\r\n        <ProvSpecDelMon>BENCH</ProvSpecDelMon>\r\n      </ProviderSpecDeliveryMonitoring>\r\n    </LearningDelivery>\r\n")?;
            g.deliveries += 1;
        }
        w.write_all(b"  </Learner>\r\n")?;
        g.learners += 1;
        if all_ended && rng.chance(3300) {
            finished.push((10_000 + i, uln, latest));
        }
    }
    for (lref, uln, latest) in finished {
        let (month, day) = (latest / 100, latest % 100);
        let (code, start) = match rng.below(10) {
            0..=3 => ("EMP</OutType>\r\n      <OutCode>1", (month + 1).min(7)),
            4..=6 => ("EDU</OutType>\r\n      <OutCode>4", (month + 1).min(7)),
            7 => ("NPE</OutType>\r\n      <OutCode>1", month),
            _ => ("OTH</OutType>\r\n      <OutCode>3", month),
        };
        write!(
            w,
            "  <LearnerDestinationandProgression>\r\n    <LearnRefNumber>{lref:08}</LearnRefNumber>\r\n    <ULN>{uln}</ULN>\r\n    <DPOutcome>\r\n      <OutType>{code}</OutCode>\r\n      <OutStartDate>2024-{start:02}-{day:02}</OutStartDate>\r\n      <OutCollDate>2024-03-{:02}</OutCollDate>\r\n    </DPOutcome>\r\n  </LearnerDestinationandProgression>\r\n",
            1 + rng.below(19)
        )?;
        g.destinations += 1;
    }
    w.write_all(b"</Message>\r\n")?;
    w.flush()?;
    g.bytes = w.bytes;
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;
    use learner_destinations::ilr::{IlrItem, IlrReader};

    #[test]
    fn same_seed_same_file_and_the_reader_reads_it_cleanly() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let ga = write_ilr(&mut a, 300, 7).unwrap();
        write_ilr(&mut b, 300, 7).unwrap();
        assert_eq!(a, b);
        assert_eq!(ga.bytes, a.len() as u64);
        let mut reader = IlrReader::new(a.as_slice()).unwrap();
        let (mut learners, mut deliveries, mut records, mut findings) = (0, 0, 0, 0);
        while let Some(item) = reader.next_item().unwrap() {
            match item {
                IlrItem::Learner(l) => {
                    learners += 1;
                    deliveries += l.deliveries.len() as u64;
                    findings += l.findings.len();
                }
                IlrItem::Destination(d) => {
                    records += 1;
                    findings += d.findings.len();
                }
                IlrItem::Finding(_) => findings += 1,
            }
        }
        assert_eq!(
            (learners, deliveries, records),
            (ga.learners, ga.deliveries, ga.destinations)
        );
        assert!(records > 0 && deliveries > learners);
        assert_eq!(findings, 0);
    }
}
