//! Saving without ever leaving a half-written file: write a temporary file
//! in the same folder, flush and sync it, then rename it over the target.
//! A crash at any point leaves either the old file or the new one.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::SaveError;

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "geokg".into(), |n| n.to_string_lossy().into_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = format!(".{name}.{}.{n}.tmp", std::process::id());
    target.with_file_name(tmp)
}

/// The steps of an atomic save that can fail, so tests can make each one fail.
pub(crate) trait SaveSteps {
    /// Writes the content.
    fn write(&mut self, out: &mut dyn Write) -> io::Result<()>;
    /// Makes the written file durable.
    fn sync(&mut self, file: &File) -> io::Result<()> {
        file.sync_all()
    }
}

/// The temporary file, removed when dropped unless it was renamed into
/// place: an error or a panic in the middle of a save leaves nothing behind.
struct Temporary<'p> {
    path: &'p Path,
    renamed: bool,
}

impl Drop for Temporary<'_> {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = fs::remove_file(self.path);
        }
    }
}

/// Writes to `path` atomically. On failure the temporary file is removed
/// and whatever was at `path` before is left as it was.
pub(crate) fn save_atomically(path: &Path, steps: &mut dyn SaveSteps) -> Result<(), SaveError> {
    let io_err = |source| SaveError::Io {
        path: Some(path.to_path_buf()),
        source,
    };
    let tmp_path = temp_path(path);
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp_path)
        .map_err(io_err)?;
    let mut tmp = Temporary {
        path: &tmp_path,
        renamed: false,
    };
    let mut out = BufWriter::new(file);
    steps.write(&mut out).map_err(io_err)?;
    out.flush().map_err(io_err)?;
    let file = out
        .into_inner()
        .map_err(|e| io_err(io::IntoInnerError::into_error(e)))?;
    steps.sync(&file).map_err(io_err)?;
    drop(file);
    fs::rename(tmp.path, path).map_err(io_err)?;
    tmp.renamed = true;
    // Make the rename itself durable where the platform allows it.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Failures injected at each step of a save: the file that was there
    //! before must be left whole, and no temporary file may be left behind.

    use super::*;

    const OLD: &[u8] = b"the previous document\n";
    const NEW: &[u8] = b"the new document, which is longer than the old one\n";

    /// Writes `NEW`, failing as told.
    struct Faulty {
        /// Fail once this many bytes are written.
        fail_after: Option<usize>,
        /// Fail the sync as a full disk would.
        sync_fails: bool,
    }

    /// A writer that accepts `left` bytes, then fails.
    struct Failing<'w> {
        out: &'w mut dyn Write,
        left: usize,
    }

    impl Write for Failing<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::Error::other("injected: the device went away"));
            }
            let n = buf.len().min(self.left);
            self.out.write_all(&buf[..n])?;
            self.left -= n;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.out.flush()
        }
    }

    impl SaveSteps for Faulty {
        fn write(&mut self, out: &mut dyn Write) -> io::Result<()> {
            match self.fail_after {
                Some(left) => {
                    let mut w = Failing { out, left };
                    // Write in small pieces, as a serializer does.
                    for chunk in NEW.chunks(7) {
                        w.write_all(chunk)?;
                    }
                    w.flush()
                }
                None => out.write_all(NEW),
            }
        }
        fn sync(&mut self, file: &File) -> io::Result<()> {
            if self.sync_fails {
                Err(io::Error::from(io::ErrorKind::StorageFull))
            } else {
                file.sync_all()
            }
        }
    }

    /// A folder holding `doc.json` with the old content.
    fn folder_with_old_file() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.json");
        fs::write(&path, OLD).unwrap();
        (dir, path)
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_writer_failing_part_way_leaves_the_old_file_and_no_temporary() {
        for fail_after in [0, 1, 7, 8, 30, NEW.len() - 1] {
            let (dir, path) = folder_with_old_file();
            let mut steps = Faulty {
                fail_after: Some(fail_after),
                sync_fails: false,
            };
            let err = save_atomically(&path, &mut steps).unwrap_err();
            let SaveError::Io { path: at, source } = err;
            assert_eq!(at.as_deref(), Some(path.as_path()));
            assert_eq!(source.to_string(), "injected: the device went away");
            assert_eq!(fs::read(&path).unwrap(), OLD, "after {fail_after} bytes");
            assert_eq!(
                files_in(dir.path()),
                ["doc.json"],
                "after {fail_after} bytes"
            );
        }
    }

    #[test]
    fn a_sync_failing_like_a_full_disk_leaves_the_old_file_and_no_temporary() {
        let (dir, path) = folder_with_old_file();
        let mut steps = Faulty {
            fail_after: None,
            sync_fails: true,
        };
        let SaveError::Io { source, .. } = save_atomically(&path, &mut steps).unwrap_err();
        assert_eq!(source.kind(), io::ErrorKind::StorageFull);
        assert_eq!(fs::read(&path).unwrap(), OLD);
        assert_eq!(files_in(dir.path()), ["doc.json"]);
    }

    #[test]
    fn a_failed_first_save_creates_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.json");
        let mut steps = Faulty {
            fail_after: Some(10),
            sync_fails: false,
        };
        assert!(save_atomically(&path, &mut steps).is_err());
        assert!(files_in(dir.path()).is_empty());
    }

    #[test]
    fn a_writer_that_panics_leaves_the_old_file_and_no_temporary() {
        struct Panics;
        impl SaveSteps for Panics {
            fn write(&mut self, out: &mut dyn Write) -> io::Result<()> {
                out.write_all(&NEW[..10])?;
                panic!("injected: a bug in the writer");
            }
        }
        let (dir, path) = folder_with_old_file();
        let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            save_atomically(&path, &mut Panics)
        }));
        assert!(unwound.is_err());
        assert_eq!(fs::read(&path).unwrap(), OLD);
        assert_eq!(files_in(dir.path()), ["doc.json"]);
    }

    #[test]
    fn a_save_into_a_missing_folder_fails_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no-such-folder/doc.json");
        let mut steps = Faulty {
            fail_after: None,
            sync_fails: false,
        };
        let SaveError::Io { path: at, source } = save_atomically(&path, &mut steps).unwrap_err();
        assert_eq!(at, Some(path));
        assert_eq!(source.kind(), io::ErrorKind::NotFound);
        assert!(files_in(dir.path()).is_empty());
    }

    #[test]
    fn a_successful_save_replaces_the_file_and_leaves_no_temporary() {
        let (dir, path) = folder_with_old_file();
        let mut steps = Faulty {
            fail_after: None,
            sync_fails: false,
        };
        save_atomically(&path, &mut steps).unwrap();
        assert_eq!(fs::read(&path).unwrap(), NEW);
        assert_eq!(files_in(dir.path()), ["doc.json"]);
    }
}
