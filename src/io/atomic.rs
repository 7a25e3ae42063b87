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

/// Writes to `path` atomically. On failure the temporary file is removed
/// and whatever was at `path` before is left as it was.
pub(crate) fn save_atomically(path: &Path, steps: &mut dyn SaveSteps) -> Result<(), SaveError> {
    let io_err = |source| SaveError::Io {
        path: Some(path.to_path_buf()),
        source,
    };
    let tmp = temp_path(path);
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(io_err)?;
    let result = (|| {
        let mut out = BufWriter::new(file);
        steps.write(&mut out)?;
        out.flush()?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        steps.sync(&file)?;
        drop(file);
        fs::rename(&tmp, path)
    })();
    match result {
        Ok(()) => {
            // Make the rename itself durable where the platform allows it.
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
                && let Ok(d) = File::open(dir)
            {
                let _ = d.sync_all();
            }
            Ok(())
        }
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(io_err(e))
        }
    }
}
