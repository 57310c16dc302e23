//! Output files that are never left half-written: every file descent writes (PNG, GIF, CSV,
//! JSON, settings) goes to a temporary file in the same folder and is renamed over the
//! destination only once it is complete. An error, a panic or an interrupted export leaves
//! the old file (if any) untouched and removes the temporary file.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Why an output file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct WriteError {
    /// The destination.
    pub path: PathBuf,
    /// What went wrong.
    #[source]
    pub source: io::Error,
}

/// A file being written: a buffered writer on a temporary file next to the destination.
/// [`AtomicFile::commit`] renames it into place; dropping it uncommitted deletes it.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Creates the temporary file for `path` (in the same folder, so the final rename is
    /// atomic). The destination is not touched until [`AtomicFile::commit`].
    ///
    /// Errors: the folder does not exist or is not writable, `path` is a folder.
    pub fn create(path: impl AsRef<Path>) -> Result<Self, WriteError> {
        let path = path.as_ref().to_path_buf();
        let err = |source| WriteError {
            path: path.clone(),
            source,
        };
        if path.is_dir() {
            return Err(err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a folder",
            )));
        }
        let tmp = temp_path(&path);
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| err(explain_open(&path, e)))?;
        Ok(Self {
            path,
            tmp,
            writer: Some(BufWriter::new(file)),
        })
    }

    /// The destination.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary file the data goes to until [`AtomicFile::commit`].
    pub fn temp_path(&self) -> &Path {
        &self.tmp
    }

    /// Flushes, syncs and renames the temporary file over the destination.
    ///
    /// Errors: the data cannot be flushed or the rename fails (the temporary file is removed
    /// and the destination keeps its old content).
    pub fn commit(mut self) -> Result<(), WriteError> {
        let result = self.finish();
        if result.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        result.map_err(|source| WriteError {
            path: self.path.clone(),
            source,
        })
    }

    fn finish(&mut self) -> io::Result<()> {
        let writer = self
            .writer
            .take()
            .ok_or_else(|| io::Error::other("already finished"))?;
        {
            let file = writer.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()?;
        } // closed before the rename (Windows cannot rename an open file)
        std::fs::rename(&self.tmp, &self.path)
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<File>> {
        self.writer
            .as_mut()
            .ok_or_else(|| io::Error::other("already finished"))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer()?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `path` through an [`AtomicFile`]: `fill` writes the content; the file replaces
/// the destination only if `fill` succeeds, otherwise the old file stays as it was.
///
/// Errors: those of `fill`, and a [`WriteError`] (converted into `E`) when the file cannot
/// be created or committed.
pub fn write_with<E: From<WriteError>>(
    path: impl AsRef<Path>,
    fill: impl FnOnce(&mut AtomicFile) -> Result<(), E>,
) -> Result<(), E> {
    let mut file = AtomicFile::create(path)?;
    fill(&mut file)?;
    file.commit()?;
    Ok(())
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]).
///
/// Errors: the file cannot be created, written or renamed into place.
pub fn write_bytes(path: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> Result<(), WriteError> {
    write_with(path.as_ref(), |f: &mut AtomicFile| {
        f.write_all(bytes.as_ref()).map_err(|source| WriteError {
            path: f.path().to_path_buf(),
            source,
        })
    })
}

/// `.NAME.PID-N.tmp` next to `path`: hidden, unique per process and call.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{}-{n}.tmp", std::process::id()))
}

/// Names the folder when it is missing (the OS says only "No such file or directory").
fn explain_open(path: &Path, e: io::Error) -> io::Error {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if e.kind() == io::ErrorKind::NotFound && !parent.is_dir() {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("folder {} does not exist", parent.display()),
        )
    } else {
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("descent-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    fn entries(d: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_write_that_fails_midway_keeps_the_old_file_and_leaves_no_temp_file() {
        let d = dir("fail");
        let path = d.join("keep.gif");
        std::fs::write(&path, b"the good old file").unwrap();
        let result: Result<(), anyhow::Error> = write_with(&path, |f| {
            f.write_all(b"GIF89a half a frame")?;
            // The temporary file exists while writing; the destination is untouched.
            assert!(f.temp_path().exists());
            assert_eq!(std::fs::read(&path)?, b"the good old file");
            anyhow::bail!("interrupted")
        });
        assert_eq!(result.unwrap_err().to_string(), "interrupted");
        assert_eq!(std::fs::read(&path).unwrap(), b"the good old file");
        assert_eq!(entries(&d), ["keep.gif"], "no temporary file behind");
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_panic_midway_keeps_the_old_file_and_leaves_no_temp_file() {
        let d = dir("panic");
        let path = d.join("plot.png");
        std::fs::write(&path, b"old").unwrap();
        let p = path.clone();
        let r = std::panic::catch_unwind(move || {
            let mut f = AtomicFile::create(&p).unwrap();
            f.write_all(b"new but partial").unwrap();
            panic!("boom");
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(entries(&d), ["plot.png"]);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_complete_write_replaces_the_file() {
        let d = dir("ok");
        let path = d.join("runs.csv");
        std::fs::write(&path, b"old").unwrap();
        write_bytes(&path, b"step,x\n0,1\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"step,x\n0,1\n");
        assert_eq!(entries(&d), ["runs.csv"]);
        let _ = std::fs::remove_dir_all(&d);
    }

    #[test]
    fn a_missing_folder_is_named() {
        let e = write_bytes("/nonexistent-descent-dir/x.png", b"").unwrap_err();
        assert_eq!(
            e.to_string(),
            "cannot write /nonexistent-descent-dir/x.png: folder /nonexistent-descent-dir does not exist"
        );
        let d = dir("isdir");
        let e = write_bytes(&d, b"").unwrap_err();
        assert!(e.to_string().contains("it is a folder"), "{e}");
        let _ = std::fs::remove_dir_all(&d);
    }
}
