//! The command at a terminal, through a pseudo-terminal: the bounded listing of findings with
//! the progress bar while a big file is read, `--quiet`, the hidden password prompt, and what is
//! never written to a terminal. Each test waits for what it expects (the prompt, the terminal's
//! echo turned off, the end of the output), never for a fixed time.
#![cfg(unix)]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::{example, scratch};
use portable_pty::{CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const HEADER: &str = "UKPRN,Unique Learner Number,Learner Reference Number,Learning Aim Reference,Learning Aim Title,Destination Code";

/// How long any one wait may take before the test fails (a slow, shared machine).
const PATIENCE: Duration = Duration::from_secs(120);

/// `destinations` running on a pseudo-terminal (standard input, output and error all the
/// terminal), its output collected as it comes.
struct OnTerminal {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    output: Arc<Mutex<Vec<u8>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl OnTerminal {
    fn start(args: &[&str]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 50,
                cols: 200,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_destinations"));
        command.args(args);
        command.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(command).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&output);
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            // Ends with EOF or EIO once the command has exited.
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        OnTerminal {
            master: pair.master,
            writer,
            child,
            output,
            reader: Some(reader),
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.output.lock().unwrap()).replace("\r\n", "\n")
    }

    /// Waits until the output contains `needle`.
    fn wait_for(&self, needle: &str) {
        let started = Instant::now();
        while !self.text().contains(needle) {
            assert!(
                started.elapsed() < PATIENCE,
                "no {needle:?} in: {}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the terminal no longer echoes what is typed (the command turned echo off).
    fn wait_for_echo_off(&self) {
        use nix::sys::termios::LocalFlags;
        let started = Instant::now();
        loop {
            let termios = self.master.get_termios().expect("the terminal's settings");
            if !termios.local_flags.contains(LocalFlags::ECHO) {
                return;
            }
            assert!(started.elapsed() < PATIENCE, "echo was never turned off");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn type_line(&mut self, line: &str) {
        self.writer.write_all(line.as_bytes()).unwrap();
        self.writer.write_all(b"\r").unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the command to exit: its exit code and everything it wrote.
    fn finish(mut self) -> (u32, String) {
        let status = self.child.wait().unwrap();
        drop(self.writer);
        // The reader ends once the terminal is closed.
        drop(self.master);
        if let Some(reader) = self.reader.take() {
            reader.join().ok();
        }
        let text = String::from_utf8_lossy(&self.output.lock().unwrap()).replace("\r\n", "\n");
        (status.exit_code(), text)
    }
}

/// An upload of `rows` rejected rows (a ULN with a wrong check digit), each `title_chars` long
/// in its title, so that the file has the size wanted.
fn all_bad(name: &str, rows: usize, title_chars: usize) -> (std::path::PathBuf, String) {
    let dir = scratch(name);
    let title = "t".repeat(title_chars);
    let mut text = format!("{HEADER}\n");
    for i in 0..rows {
        text.push_str(&format!(
            "10012345,1000000042,LRN{i},20000008,{title},EMP1\n"
        ));
    }
    let path = dir.join("all-bad.csv");
    std::fs::write(&path, text).unwrap();
    let shown = path.to_str().unwrap().to_string();
    (dir, shown)
}

#[test]
fn a_big_file_at_a_terminal_lists_50_findings_then_how_to_get_them_all_with_a_progress_bar() {
    // Over the 4 MiB from which the progress bar shows.
    let (dir, file) = all_bad("tty-big", 50_000, 70);
    assert!(std::fs::metadata(&file).unwrap().len() > 4 * 1024 * 1024);
    let run = OnTerminal::start(&["validate", &file, "--as-of", "2025-09-01"]);
    let (code, text) = run.finish();
    assert_eq!(code, 1, "{text}");
    let listed = text.matches("[uln_checksum]").count();
    assert_eq!(listed, 50, "{text}");
    let more = text
        .find("... and 49950 more findings not listed here (the first 50 are)")
        .unwrap_or_else(|| panic!("{text}"));
    for way in ["--json", "--max-findings N", "--errors-csv PATH"] {
        assert!(text[more..].contains(way), "{way}: {text}");
    }
    let summary = text
        .find("50000 rows: 0 accepted, 50000 rejected")
        .unwrap_or_else(|| panic!("{text}"));
    assert!(more < summary, "the summary comes last");
    // The progress bar was drawn while the file was read, before the summary.
    let bar = text
        .find("checking ")
        .unwrap_or_else(|| panic!("no progress bar: {text}"));
    assert!(bar < summary);
    assert!(text[bar..].contains("MiB"), "{text}");

    // Asked for more, it lists them.
    let (code, text) = OnTerminal::start(&[
        "validate",
        &file,
        "--as-of",
        "2025-09-01",
        "--max-findings",
        "60",
    ])
    .finish();
    assert_eq!(code, 1);
    assert_eq!(text.matches("[uln_checksum]").count(), 60, "{text}");
    assert!(
        text.contains("(showing the first 60 of 50000 findings)"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn quiet_at_a_terminal_prints_the_summary_only_and_json_every_finding() {
    let (dir, file) = all_bad("tty-quiet", 120, 0);
    let (code, text) =
        OnTerminal::start(&["validate", &file, "--as-of", "2025-09-01", "--quiet"]).finish();
    assert_eq!(code, 1);
    assert_eq!(text.matches("[uln_checksum]").count(), 0, "{text}");
    assert_eq!(text.trim().lines().count(), 1, "{text}");
    assert!(
        text.contains("120 rows: 0 accepted, 120 rejected"),
        "{text}"
    );

    // --json is for scripts: every finding, even at a terminal.
    let (code, text) =
        OnTerminal::start(&["validate", &file, "--as-of", "2025-09-01", "--json"]).finish();
    assert_eq!(code, 1);
    let v: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(v["findings"].as_array().unwrap().len(), 120);

    // A small file with few findings is listed whole.
    let (code, text) = OnTerminal::start(&[
        "validate",
        &example("destinations-upload.csv"),
        "--as-of",
        "2025-09-01",
    ])
    .finish();
    assert_eq!(code, 1);
    assert!(!text.contains("not listed here"), "{text}");
    assert_eq!(text.matches(": error [").count(), 13, "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_password_at_a_terminal_asks_with_hidden_input() {
    for (password, code, answer) in [
        ("sunny-day7", 0, "the password is acceptable"),
        ("sunnyday", 1, "[password_"),
    ] {
        let mut run = OnTerminal::start(&["check-password"]);
        run.wait_for("password (hidden): ");
        run.wait_for_echo_off();
        run.type_line(password);
        let (exit, text) = run.finish();
        assert_eq!(exit, code, "{text}");
        assert!(text.contains(answer), "{text}");
        assert!(!text.contains(password), "the password was shown: {text}");
    }
}

#[test]
fn binary_and_secret_outputs_are_not_written_to_a_terminal() {
    let (code, text) = OnTerminal::start(&["template", "learners", "--xlsx"]).finish();
    assert_eq!(code, 2);
    assert!(
        text.contains("not for the terminal") && text.contains("[output_unwritable]"),
        "{text}"
    );

    let (code, text) = OnTerminal::start(&[
        "learners",
        &example("learners-import.csv"),
        "--ukprn",
        "10012345",
        "--as-of",
        "2025-09-01",
        "--credentials-csv",
        "-",
    ])
    .finish();
    assert_eq!(code, 2);
    assert!(
        text.contains("--credentials-csv") && text.contains("[output_unwritable]"),
        "{text}"
    );
    assert!(!text.contains("Password"), "{text}");
}
