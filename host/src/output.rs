//! Output files: written to a temporary file in the target's folder and put in place only when
//! the whole run succeeded, all of a run's outputs together or none.
//!
//! - The temporary file is created exclusively, never through a symlink: on Linux an unnamed
//!   `O_TMPFILE` file (nothing is left behind even by `SIGKILL`), elsewhere (or on a file system
//!   that refuses `O_TMPFILE`) a file with an unpredictable name (`.destinations-<32 hex>.tmp`)
//!   created with `O_CREAT|O_EXCL|O_NOFOLLOW`, removed when the [`OutputFile`] is dropped. A file
//!   someone planted at a would-be name is never opened.
//! - [`commit_all`] gives each file a name (an unnamed one is linked to an unpredictable name) and
//!   renames it over its target: a symlink at the target is replaced, never written through. When
//!   a later output cannot be put in place, the ones already in place are put back as they were.
//! - [`check_outputs`], before any input is read, refuses an output that is an input (same device
//!   and inode however spelled: `./x`, a hard link, a symlink to it, standard input redirected
//!   from it), two outputs naming one file, a folder at the path and a missing folder.
//! - [`Privacy::OwnerOnly`] (the credentials file) creates the file with mode 0600 (Unix), so it
//!   is never readable by others, not even while it is written.

use learner_destinations::{Error, Result};
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Who may read an output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// As any new file: mode 0666 less the umask.
    Ordinary,
    /// The owner only (mode 0600 from creation): the credentials file.
    OwnerOnly,
}

impl Privacy {
    #[cfg(unix)]
    fn mode(self) -> u32 {
        match self {
            Privacy::Ordinary => 0o666,
            Privacy::OwnerOnly => 0o600,
        }
    }
}

/// Which file a path or descriptor is: device and inode on Unix (the canonical path elsewhere),
/// so that two spellings of one file compare equal. It serialises, so a result that remembers
/// its input can carry it to another process on the same machine and still refuse to write
/// over that file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct FileIdentity(Identity);

#[cfg(unix)]
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
struct Identity {
    device: u64,
    inode: u64,
}

#[cfg(not(unix))]
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
struct Identity(PathBuf);

impl FileIdentity {
    /// The file `path` names, following symlinks; `None` when there is none.
    pub fn of_path(path: &Path) -> Option<Self> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = std::fs::metadata(path).ok()?;
            Some(FileIdentity(Identity {
                device: m.dev(),
                inode: m.ino(),
            }))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path)
                .ok()
                .map(|p| FileIdentity(Identity(p)))
        }
    }

    /// The file standard input reads (a redirected file, a pipe); `None` when unknown.
    pub fn of_stdin() -> Option<Self> {
        #[cfg(unix)]
        {
            let s = rustix::fs::fstat(std::io::stdin()).ok()?;
            Some(FileIdentity(Identity {
                device: s.st_dev as u64,
                inode: s.st_ino as u64,
            }))
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    /// The file an open handle reads.
    pub fn of_file(file: &File) -> Option<Self> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = file.metadata().ok()?;
            Some(FileIdentity(Identity {
                device: m.dev(),
                inode: m.ino(),
            }))
        }
        #[cfg(not(unix))]
        {
            let _ = file;
            None
        }
    }
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}

fn unwritable(option: &str, path: &Path, message: impl Into<String>) -> Error {
    Error::OutputUnwritable {
        option: option.to_string(),
        path: shown(path),
        message: message.into(),
    }
}

/// The folder an output goes in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn file_name_of<'p>(option: &str, path: &'p Path) -> Result<&'p OsStr> {
    path.file_name()
        .ok_or_else(|| unwritable(option, path, "the path names no file; give a file name"))
}

/// Refuses, before any input is read: an output that is one of `inputs` (however spelled), two
/// outputs naming one file, a folder at an output path, and an output whose folder is missing.
/// `outputs` are `(option, path)`, the option as the caller spells it (`errors_csv`).
pub fn check_outputs(inputs: &[FileIdentity], outputs: &[(&str, &Path)]) -> Result<()> {
    struct Seen<'a> {
        option: &'a str,
        folder: FileIdentity,
        name: &'a OsStr,
        file: Option<FileIdentity>,
    }
    let mut seen: Vec<Seen<'_>> = Vec::with_capacity(outputs.len());
    for &(option, path) in outputs {
        let name = file_name_of(option, path)?;
        let folder = folder_of(path);
        let folder_id = match std::fs::metadata(folder) {
            Ok(m) if m.is_dir() => FileIdentity::of_path(folder),
            Ok(_) => {
                return Err(unwritable(
                    option,
                    path,
                    format!("'{}' is not a folder", shown(folder)),
                ));
            }
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "does not exist".to_string()
                } else {
                    format!("cannot be used: {e}")
                };
                return Err(unwritable(
                    option,
                    path,
                    format!(
                        "the folder '{}' {why}; create it or choose another",
                        shown(folder)
                    ),
                ));
            }
        };
        let Some(folder_id) = folder_id else {
            return Err(unwritable(option, path, "its folder cannot be examined"));
        };
        let file = match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                return Err(unwritable(
                    option,
                    path,
                    "it is a folder; give a file name (inside it, say)",
                ));
            }
            Ok(_) => FileIdentity::of_path(path),
            Err(_) => None,
        };
        if file.as_ref().is_some_and(|f| inputs.contains(f)) {
            return Err(Error::OutputIsInput {
                option: option.to_string(),
                path: shown(path),
            });
        }
        if let Some(first) = seen.iter().find(|s| {
            (s.folder == folder_id && s.name == name) || (s.file.is_some() && s.file == file)
        }) {
            return Err(Error::OutputsShareFile {
                first: first.option.to_string(),
                second: option.to_string(),
                path: shown(path),
            });
        }
        seen.push(Seen {
            option,
            folder: folder_id,
            name,
            file,
        });
    }
    Ok(())
}

/// An unpredictable name for a temporary file: `.destinations-<32 hex>.tmp`.
fn temporary_name() -> Result<OsString> {
    let bytes = crate::random::OsRandom::bytes::<16>()?;
    let mut name = String::with_capacity(50);
    name.push_str(".destinations-");
    for b in bytes {
        name.push_str(&format!("{b:02x}"));
    }
    name.push_str(".tmp");
    Ok(name.into())
}

/// How many unpredictable names are tried before giving up (each taken one means someone is
/// creating files with our prefix: a collision by chance has odds of 2^-128).
const NAME_ATTEMPTS: usize = 8;

#[cfg(unix)]
mod folder {
    //! A folder held open by descriptor, so every operation happens in the folder that was
    //! checked even if its path is renamed meanwhile.
    use rustix::fs::{AtFlags, Mode, OFlags};
    use std::ffi::OsStr;
    use std::fs::File;
    use std::os::fd::OwnedFd;
    use std::path::Path;

    #[derive(Debug)]
    pub struct Folder(OwnedFd);

    impl Folder {
        pub fn open(path: &Path) -> std::io::Result<Self> {
            let fd = rustix::fs::openat(
                rustix::fs::CWD,
                path,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )?;
            Ok(Folder(fd))
        }

        /// A new file at `name`: never an existing one, never through a symlink.
        pub fn create_new(&self, name: &OsStr, mode: u32) -> std::io::Result<File> {
            let fd = rustix::fs::openat(
                &self.0,
                name,
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::from_raw_mode(mode as _),
            )?;
            Ok(File::from(fd))
        }

        /// An unnamed file in the folder (`O_TMPFILE`), when the system and the file system
        /// allow it and it can be linked in later (through `/proc/self/fd`).
        #[cfg(any(target_os = "linux", target_os = "android"))]
        pub fn create_unnamed(&self, mode: u32) -> Option<File> {
            let fd = rustix::fs::openat(
                &self.0,
                ".",
                OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC,
                Mode::from_raw_mode(mode as _),
            )
            .ok()?;
            let file = File::from(fd);
            rustix::fs::stat(proc_path(&file)).ok()?;
            Some(file)
        }

        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        pub fn create_unnamed(&self, _mode: u32) -> Option<File> {
            None
        }

        /// Gives the unnamed `file` the name `name` (fails if taken).
        #[cfg(any(target_os = "linux", target_os = "android"))]
        pub fn link_unnamed(&self, file: &File, name: &OsStr) -> std::io::Result<()> {
            Ok(rustix::fs::linkat(
                rustix::fs::CWD,
                proc_path(file),
                &self.0,
                name,
                AtFlags::SYMLINK_FOLLOW,
            )?)
        }

        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        pub fn link_unnamed(&self, _file: &File, _name: &OsStr) -> std::io::Result<()> {
            Err(std::io::ErrorKind::Unsupported.into())
        }

        /// A second name for the entry `from` (a symlink stays a symlink).
        pub fn link(&self, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
            Ok(rustix::fs::linkat(
                &self.0,
                from,
                &self.0,
                to,
                AtFlags::empty(),
            )?)
        }

        pub fn rename(&self, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
            Ok(rustix::fs::renameat(&self.0, from, &self.0, to)?)
        }

        pub fn remove(&self, name: &OsStr) -> std::io::Result<()> {
            Ok(rustix::fs::unlinkat(&self.0, name, AtFlags::empty())?)
        }

        /// Whether an entry (of any kind, a dangling symlink included) is at `name`.
        pub fn has(&self, name: &OsStr) -> bool {
            rustix::fs::statat(&self.0, name, AtFlags::SYMLINK_NOFOLLOW).is_ok()
        }
    }

    #[cfg(any(target_os = "linux", target_os = "android"))]
    fn proc_path(file: &File) -> String {
        use std::os::fd::AsRawFd;
        format!("/proc/self/fd/{}", file.as_raw_fd())
    }
}

#[cfg(not(unix))]
mod folder {
    //! A folder by path (systems without descriptor-relative calls).
    use std::ffi::OsStr;
    use std::fs::File;
    use std::path::{Path, PathBuf};

    #[derive(Debug)]
    pub struct Folder(PathBuf);

    impl Folder {
        pub fn open(path: &Path) -> std::io::Result<Self> {
            if std::fs::metadata(path)?.is_dir() {
                Ok(Folder(path.to_path_buf()))
            } else {
                Err(std::io::ErrorKind::NotADirectory.into())
            }
        }
        pub fn create_new(&self, name: &OsStr, _mode: u32) -> std::io::Result<File> {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(self.0.join(name))
        }
        pub fn create_unnamed(&self, _mode: u32) -> Option<File> {
            None
        }
        pub fn link_unnamed(&self, _file: &File, _name: &OsStr) -> std::io::Result<()> {
            Err(std::io::ErrorKind::Unsupported.into())
        }
        pub fn link(&self, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
            std::fs::hard_link(self.0.join(from), self.0.join(to))
        }
        pub fn rename(&self, from: &OsStr, to: &OsStr) -> std::io::Result<()> {
            std::fs::rename(self.0.join(from), self.0.join(to))
        }
        pub fn remove(&self, name: &OsStr) -> std::io::Result<()> {
            std::fs::remove_file(self.0.join(name))
        }
        pub fn has(&self, name: &OsStr) -> bool {
            std::fs::symlink_metadata(self.0.join(name)).is_ok()
        }
    }
}

use folder::Folder;

/// An output being written: a temporary file in its target's folder, put in place by
/// [`commit_all`] (or [`OutputFile::commit`]) and removed when dropped uncommitted. Writes are
/// buffered; the first write failure is kept so the run can name the output that failed.
#[derive(Debug)]
pub struct OutputFile {
    option: String,
    path: PathBuf,
    folder: Folder,
    name: OsString,
    out: BufWriter<File>,
    /// The temporary name in the folder (`None` while the file is unnamed, and once committed).
    temp: Option<OsString>,
    /// The first write failure.
    failure: Option<String>,
}

impl OutputFile {
    /// Creates the temporary file for `path` (an output named `option` in messages).
    pub fn create(option: &str, path: &Path, privacy: Privacy) -> Result<Self> {
        Self::create_with(option, path, privacy, true)
    }

    /// [`OutputFile::create`]; `unnamed: false` always takes the named fallback (tests).
    fn create_with(option: &str, path: &Path, privacy: Privacy, unnamed: bool) -> Result<Self> {
        let name = file_name_of(option, path)?.to_os_string();
        let folder_path = folder_of(path);
        let folder = Folder::open(folder_path).map_err(|e| {
            unwritable(
                option,
                path,
                format!("the folder '{}' cannot be used: {e}", shown(folder_path)),
            )
        })?;
        #[cfg(unix)]
        let mode = privacy.mode();
        #[cfg(not(unix))]
        let mode = {
            let _ = privacy;
            0
        };
        let (file, temp) = match unnamed.then(|| folder.create_unnamed(mode)).flatten() {
            Some(file) => (file, None),
            None => {
                let mut attempt = 0;
                loop {
                    let temp = temporary_name()?;
                    match folder.create_new(&temp, mode) {
                        Ok(file) => break (file, Some(temp)),
                        Err(e)
                            if e.kind() == std::io::ErrorKind::AlreadyExists
                                && attempt + 1 < NAME_ATTEMPTS =>
                        {
                            attempt += 1;
                        }
                        Err(e) => return Err(unwritable(option, path, e.to_string())),
                    }
                }
            }
        };
        Ok(OutputFile {
            option: option.to_string(),
            path: path.to_path_buf(),
            folder,
            name,
            out: BufWriter::with_capacity(256 * 1024, file),
            temp,
            failure: None,
        })
    }

    /// The output's option name, as given to [`OutputFile::create`].
    pub fn option(&self) -> &str {
        &self.option
    }

    /// The target path, as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// [`Error::OutputUnwritable`] for this output if a write to it failed.
    pub fn failure(&self) -> Option<Error> {
        self.failure
            .as_ref()
            .map(|m| unwritable(&self.option, &self.path, m.clone()))
    }

    /// Puts this one file in place (see [`commit_all`]).
    pub fn commit(self) -> Result<()> {
        commit_all(vec![self])
    }

    fn fail(&self, e: impl std::fmt::Display) -> Error {
        unwritable(&self.option, &self.path, e.to_string())
    }

    /// Flushes and syncs the data, then gives an unnamed file its temporary name.
    fn prepare(&mut self) -> Result<()> {
        if let Some(e) = self.failure() {
            return Err(e);
        }
        self.out.flush().map_err(|e| self.fail(e))?;
        self.out.get_ref().sync_all().map_err(|e| self.fail(e))?;
        if self.temp.is_some() {
            return Ok(());
        }
        let mut attempt = 0;
        loop {
            let temp = temporary_name()?;
            match self.folder.link_unnamed(self.out.get_ref(), &temp) {
                Ok(()) => {
                    self.temp = Some(temp);
                    return Ok(());
                }
                Err(e)
                    if e.kind() == std::io::ErrorKind::AlreadyExists
                        && attempt + 1 < NAME_ATTEMPTS =>
                {
                    attempt += 1;
                }
                Err(e) => return Err(self.fail(e)),
            }
        }
    }

    /// Renames the temporary file over the target. With `keep_previous`, a previous entry at the
    /// target is kept under a temporary name (returned) so it can be put back.
    fn replace(&mut self, keep_previous: bool) -> Result<Option<OsString>> {
        let Some(temp) = self.temp.clone() else {
            return Err(self.fail("the file was not prepared"));
        };
        let mut previous = None;
        if keep_previous && self.folder.has(&self.name) {
            let backup = temporary_name()?;
            // A second name keeps the target in place meanwhile; where links are refused,
            // the target is moved aside instead.
            if self.folder.link(&self.name, &backup).is_err() {
                self.folder
                    .rename(&self.name, &backup)
                    .map_err(|e| self.fail(e))?;
            }
            previous = Some(backup);
        }
        if let Err(e) = self.folder.rename(&temp, &self.name) {
            if let Some(backup) = &previous {
                if !self.folder.has(&self.name) {
                    self.folder.rename(backup, &self.name).ok();
                } else {
                    self.folder.remove(backup).ok();
                }
            }
            return Err(self.fail(e));
        }
        self.temp = None;
        Ok(previous)
    }

    /// Puts the previous entry back (or removes the new file when there was none).
    fn restore(&self, previous: Option<&OsStr>) {
        match previous {
            Some(backup) => {
                self.folder.rename(backup, &self.name).ok();
            }
            None => {
                self.folder.remove(&self.name).ok();
            }
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.out.write(buf);
        if let Err(e) = &r {
            self.failure.get_or_insert_with(|| e.to_string());
        }
        r
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let r = self.out.write_all(buf);
        if let Err(e) = &r {
            self.failure.get_or_insert_with(|| e.to_string());
        }
        r
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.out.flush();
        if let Err(e) = &r {
            self.failure.get_or_insert_with(|| e.to_string());
        }
        r
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            self.folder.remove(&temp).ok();
        }
    }
}

/// Puts every file in place, or none: each is flushed, synced and named in its folder first;
/// then each is renamed over its target, and if one cannot be, those already renamed are put
/// back as they were (previous files restored, new ones removed). Temporary files never remain.
pub fn commit_all(mut files: Vec<OutputFile>) -> Result<()> {
    for file in &mut files {
        file.prepare()?;
    }
    let last = files.len().saturating_sub(1);
    let mut done: Vec<(usize, Option<OsString>)> = Vec::with_capacity(files.len());
    for i in 0..files.len() {
        match files[i].replace(i != last) {
            Ok(previous) => done.push((i, previous)),
            Err(e) => {
                for (j, previous) in done.iter().rev() {
                    files[*j].restore(previous.as_deref());
                }
                return Err(e);
            }
        }
    }
    for (i, previous) in done {
        if let Some(backup) = previous {
            files[i].folder.remove(&backup).ok();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
