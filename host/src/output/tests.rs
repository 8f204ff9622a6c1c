#![allow(clippy::unwrap_used, clippy::panic)]
use super::*;
use std::collections::BTreeSet;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ld-host-out-{name}-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn code(r: Result<()>) -> &'static str {
    r.err().map_or("ok", |e| e.code())
}

/// Both ways of creating the temporary file: unnamed (where the system has it) and named.
const MODES: [bool; 2] = [true, false];

#[test]
fn commit_puts_the_file_in_place_and_leaves_nothing_else() {
    for unnamed in MODES {
        let dir = scratch(&format!("commit-{unnamed}"));
        let target = dir.join("errors.csv");
        let mut out =
            OutputFile::create_with("errors_csv", &target, Privacy::Ordinary, unnamed).unwrap();
        out.write_all(b"Row,Errors\r\n").unwrap();
        assert!(!target.exists(), "nothing at the target before commit");
        out.commit().unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"Row,Errors\r\n");
        assert_eq!(listing(&dir), BTreeSet::from(["errors.csv".to_string()]));
    }
}

#[test]
fn a_dropped_output_leaves_the_folder_as_it_was() {
    for unnamed in MODES {
        let dir = scratch(&format!("drop-{unnamed}"));
        std::fs::write(dir.join("errors.csv"), b"before").unwrap();
        let before = listing(&dir);
        {
            let mut a = OutputFile::create_with(
                "errors_csv",
                &dir.join("errors.csv"),
                Privacy::Ordinary,
                unnamed,
            )
            .unwrap();
            let mut b = OutputFile::create_with(
                "credentials_csv",
                &dir.join("creds.csv"),
                Privacy::OwnerOnly,
                unnamed,
            )
            .unwrap();
            a.write_all(&[b'x'; 1 << 20]).unwrap();
            b.write_all(b"secret").unwrap();
            if !unnamed {
                assert_eq!(listing(&dir).len(), before.len() + 2, "named while written");
            }
        }
        assert_eq!(listing(&dir), before);
        assert_eq!(std::fs::read(dir.join("errors.csv")).unwrap(), b"before");
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_at_the_output_path_is_replaced_and_its_target_untouched() {
    for unnamed in MODES {
        let dir = scratch(&format!("symlink-{unnamed}"));
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, b"keep me").unwrap();
        let target = dir.join("creds.csv");
        std::os::unix::fs::symlink(&victim, &target).unwrap();
        let mut out =
            OutputFile::create_with("credentials_csv", &target, Privacy::OwnerOnly, unnamed)
                .unwrap();
        out.write_all(b"user,password").unwrap();
        out.commit().unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        let meta = std::fs::symlink_metadata(&target).unwrap();
        assert!(meta.file_type().is_file(), "the symlink was replaced");
        assert_eq!(std::fs::read(&target).unwrap(), b"user,password");
    }
}

#[cfg(unix)]
#[test]
fn a_planted_file_or_symlink_at_a_would_be_name_receives_nothing() {
    let dir = scratch("planted");
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, b"keep me").unwrap();
    // The old predictable names, planted before the run: a symlink and a world-writable file.
    let planted_link = dir.join(format!("creds.csv.partial-{}", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted_link).unwrap();
    let planted_file = dir.join(format!("errors.csv.partial-{}", std::process::id()));
    std::fs::write(&planted_file, b"").unwrap();
    for unnamed in MODES {
        for (option, name) in [
            ("credentials_csv", "creds.csv"),
            ("errors_csv", "errors.csv"),
        ] {
            let mut out =
                OutputFile::create_with(option, &dir.join(name), Privacy::OwnerOnly, unnamed)
                    .unwrap();
            out.write_all(b"user,password").unwrap();
            out.commit().unwrap();
        }
    }
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
    assert_eq!(std::fs::read(&planted_file).unwrap(), b"");
    // Whatever is at a name, a symlink or a file, the exclusive create refuses it.
    let folder = Folder::open(&dir).unwrap();
    for planted in [&planted_link, &planted_file, &victim] {
        let e = folder
            .create_new(planted.file_name().unwrap(), 0o600)
            .unwrap_err();
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::AlreadyExists,
            "{}",
            planted.display()
        );
    }
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
    assert_eq!(std::fs::read(&planted_file).unwrap(), b"");
}

#[cfg(unix)]
#[test]
fn owner_only_is_0600_from_creation() {
    use std::os::unix::fs::PermissionsExt;
    for unnamed in MODES {
        let dir = scratch(&format!("mode-{unnamed}"));
        let target = dir.join("creds.csv");
        let mut out =
            OutputFile::create_with("credentials_csv", &target, Privacy::OwnerOnly, unnamed)
                .unwrap();
        // fstat before the first byte is written.
        let mode = rustix::fs::fstat(out.out.get_ref()).unwrap().st_mode & 0o777;
        assert_eq!(mode, 0o600, "unnamed: {unnamed}");
        out.write_all(b"secret").unwrap();
        out.commit().unwrap();
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[cfg(unix)]
#[test]
fn an_output_that_is_the_input_is_refused_however_spelled() {
    let dir = scratch("same");
    let input = dir.join("upload.csv");
    std::fs::write(&input, b"UKPRN\n").unwrap();
    let hard = dir.join("hard.csv");
    std::fs::hard_link(&input, &hard).unwrap();
    let soft = dir.join("soft.csv");
    std::os::unix::fs::symlink(&input, &soft).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    let ids = [FileIdentity::of_path(&input).unwrap()];
    let dotted = dir.join(".").join("upload.csv");
    let updown = dir.join("sub").join("..").join("upload.csv");
    for spelling in [&input, &dotted, &updown, &hard, &soft] {
        let e = check_outputs(&ids, &[("accepted_csv", spelling)]).unwrap_err();
        assert_eq!(e.code(), "output_is_input", "{}", spelling.display());
        assert!(e.to_string().contains("accepted_csv"), "{e}");
    }
    // An input given through a symlink is the file it points to.
    let via_link = [FileIdentity::of_path(&soft).unwrap()];
    assert_eq!(
        code(check_outputs(&via_link, &[("errors_csv", &input)])),
        "output_is_input"
    );
    // An open handle names the same file.
    let opened = std::fs::File::open(&input).unwrap();
    assert_eq!(FileIdentity::of_file(&opened), FileIdentity::of_path(&hard));
    // Another file is fine.
    assert_eq!(
        code(check_outputs(&ids, &[("errors_csv", &dir.join("e.csv"))])),
        "ok"
    );
    assert_eq!(std::fs::read(&input).unwrap(), b"UKPRN\n");
}

#[test]
fn two_outputs_naming_one_file_are_refused() {
    let dir = scratch("share");
    let x = dir.join("x.csv");
    let dotted = dir.join(".").join("x.csv");
    let e = check_outputs(&[], &[("errors_csv", &x), ("accepted_csv", &x)]).unwrap_err();
    assert_eq!(e.code(), "outputs_share_file");
    assert!(e.to_string().contains("errors_csv and accepted_csv"), "{e}");
    assert_eq!(
        code(check_outputs(
            &[],
            &[("errors_csv", &x), ("accepted_csv", &dotted)]
        )),
        "outputs_share_file"
    );
    #[cfg(unix)]
    {
        std::fs::write(&x, b"").unwrap();
        let hard = dir.join("hard.csv");
        std::fs::hard_link(&x, &hard).unwrap();
        assert_eq!(
            code(check_outputs(
                &[],
                &[("errors_csv", &x), ("accepted_csv", &hard)]
            )),
            "outputs_share_file"
        );
    }
    assert_eq!(
        code(check_outputs(
            &[],
            &[("errors_csv", &x), ("accepted_csv", &dir.join("y.csv"))]
        )),
        "ok"
    );
    assert!(!dir.join("y.csv").exists(), "checking creates nothing");
}

#[test]
fn a_folder_at_the_path_or_a_missing_folder_is_unwritable() {
    let dir = scratch("unwritable");
    for path in [
        dir.clone(),
        dir.join("missing").join("x.csv"),
        PathBuf::from("/"),
    ] {
        let e = check_outputs(&[], &[("errors_csv", &path)]).unwrap_err();
        assert_eq!(e.code(), "output_unwritable", "{}", path.display());
    }
    let e = OutputFile::create(
        "errors_csv",
        &dir.join("missing").join("x.csv"),
        Privacy::Ordinary,
    )
    .unwrap_err();
    assert_eq!(e.code(), "output_unwritable");
    assert!(e.to_string().contains("errors_csv"), "{e}");
}

#[cfg(unix)]
#[test]
fn all_or_none_when_a_later_output_cannot_be_put_in_place() {
    for unnamed in MODES {
        let dir = scratch(&format!("all-or-none-{unnamed}"));
        std::fs::write(dir.join("a.csv"), b"old a").unwrap();
        let mut a =
            OutputFile::create_with("errors_csv", &dir.join("a.csv"), Privacy::Ordinary, unnamed)
                .unwrap();
        let mut b = OutputFile::create_with(
            "accepted_csv",
            &dir.join("b.csv"),
            Privacy::Ordinary,
            unnamed,
        )
        .unwrap();
        let mut c = OutputFile::create_with(
            "credentials_csv",
            &dir.join("c.csv"),
            Privacy::OwnerOnly,
            unnamed,
        )
        .unwrap();
        a.write_all(b"new a").unwrap();
        b.write_all(b"new b").unwrap();
        c.write_all(b"new c").unwrap();
        // Meanwhile a non-empty folder appears at c.csv: a rename cannot replace it.
        std::fs::create_dir(dir.join("c.csv")).unwrap();
        std::fs::write(dir.join("c.csv").join("inside"), b"").unwrap();
        let e = commit_all(vec![a, b, c]).unwrap_err();
        assert_eq!(e.code(), "output_unwritable");
        assert!(e.to_string().contains("credentials_csv"), "{e}");
        assert_eq!(std::fs::read(dir.join("a.csv")).unwrap(), b"old a");
        assert!(!dir.join("b.csv").exists());
        let left = BTreeSet::from(["a.csv".to_string(), "c.csv".to_string()]);
        assert_eq!(listing(&dir), left, "no temporary or backup file left");
    }
}

#[test]
fn all_outputs_are_committed_together() {
    let dir = scratch("together");
    std::fs::write(dir.join("a.csv"), b"old a").unwrap();
    let mut a = OutputFile::create("errors_csv", &dir.join("a.csv"), Privacy::Ordinary).unwrap();
    let mut b = OutputFile::create("accepted_csv", &dir.join("b.csv"), Privacy::Ordinary).unwrap();
    a.write_all(b"new a").unwrap();
    b.write_all(b"new b").unwrap();
    commit_all(vec![a, b]).unwrap();
    assert_eq!(std::fs::read(dir.join("a.csv")).unwrap(), b"new a");
    assert_eq!(std::fs::read(dir.join("b.csv")).unwrap(), b"new b");
    assert_eq!(listing(&dir).len(), 2);
}

#[test]
fn temporary_names_are_unpredictable() {
    let a = temporary_name().unwrap();
    let b = temporary_name().unwrap();
    assert_ne!(a, b);
    let a = a.to_string_lossy();
    assert!(
        a.starts_with(".destinations-") && a.ends_with(".tmp") && a.len() == 50,
        "{a}"
    );
}
