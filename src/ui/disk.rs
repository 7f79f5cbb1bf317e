//! The editor's own files on disk — settings, the address book, this editor's recovery
//! file and the ones ended editors left — read and written on one worker thread, in the
//! order the UI thread asked, so a frame never waits on a disk and an autosave can never
//! land after the clear that followed it.
//!
//! Tests run the same jobs at once on the calling thread (`inline`), so the frame after
//! a command sees its result.

use super::TaskResult;
use crate::store::{Places, Recovery, RecoverySlot};
use eframe::egui;
use std::sync::mpsc::{channel, Sender};
use std::thread::JoinHandle;

/// What the disk jobs keep between them: where the files are and this editor's claim
/// on its recovery file (made by the first autosave, so an editor that never had
/// unsaved work leaves nothing behind).
pub struct DiskState {
    pub places: Places,
    own: Option<RecoverySlot>,
}

impl DiskState {
    /// Writes this editor's recovery file, claiming it first if need be.
    pub fn autosave(&mut self, recovery: &Recovery) -> std::io::Result<()> {
        let slot = match self.own.take() {
            Some(slot) => slot,
            None => RecoverySlot::claim(&self.places)?,
        };
        let written = slot.write(recovery);
        self.own = Some(slot);
        written
    }

    /// Removes this editor's recovery file (its work was saved or let go).
    pub fn clear_own(&mut self) -> std::io::Result<()> {
        match &self.own {
            Some(slot) => slot.clear(),
            None => Ok(()),
        }
    }

    /// A clean exit: the recovery file and its lock go.
    pub fn release_own(&mut self) -> std::io::Result<()> {
        match self.own.take() {
            Some(slot) => slot.release(),
            None => Ok(()),
        }
    }

    /// This editor's recovery file, once claimed.
    #[cfg(test)]
    pub fn own_file(&self) -> Option<&std::path::Path> {
        self.own.as_ref().map(RecoverySlot::file)
    }
}

/// A piece of disk work; what it returns goes to the UI thread as a task result.
pub type Job = Box<dyn FnOnce(&mut DiskState) -> Option<TaskResult> + Send>;

/// The disk worker (or, in tests, the state jobs run on at once).
pub struct Disk {
    places: Option<Places>,
    /// Woken when a result arrives.
    ctx: egui::Context,
    inline: Option<DiskState>,
    worker: Option<(Sender<Job>, JoinHandle<()>)>,
}

impl Disk {
    /// Disk work for the user's files at `places` (`None`: nothing is remembered and
    /// every job is skipped).
    pub fn new(places: Option<Places>, ctx: egui::Context) -> Disk {
        Disk {
            places,
            ctx,
            inline: None,
            worker: None,
        }
    }

    /// Runs `job`: at once when `inline` (returning its result), otherwise on the
    /// worker, whose result comes back through `tx` with a repaint.
    pub fn run(&mut self, inline: bool, tx: &Sender<TaskResult>, job: Job) -> Option<TaskResult> {
        let places = self.places.clone()?;
        if inline {
            let state = self
                .inline
                .get_or_insert_with(|| DiskState { places, own: None });
            return job(state);
        }
        if self.worker.is_none() {
            let (job_tx, job_rx) = channel::<Job>();
            let results = tx.clone();
            let ctx = self.ctx.clone();
            let spawned = std::thread::Builder::new()
                .name("disk".into())
                .spawn(move || {
                    let mut state = DiskState { places, own: None };
                    while let Ok(job) = job_rx.recv() {
                        if let Some(result) = job(&mut state) {
                            // The window may be gone (closing); nothing to tell then.
                            let _ = results.send(result);
                            ctx.request_repaint();
                        }
                    }
                    // The state (and with it the recovery lock) ends with the editor.
                });
            match spawned {
                Ok(handle) => self.worker = Some((job_tx, handle)),
                Err(e) => {
                    return Some(TaskResult::Failed(
                        "无法启动后台写盘".into(),
                        format!("无法启动读写文件的后台线程：{e}"),
                    ))
                }
            }
        }
        let (job_tx, _) = self.worker.as_ref()?;
        if let Err(unsent) = job_tx.send(job) {
            // The worker died (a panic in a job): run this one here rather than lose it.
            self.worker = None;
            let mut state = DiskState {
                places: self.places.clone()?,
                own: None,
            };
            return (unsent.0)(&mut state);
        }
        None
    }
}

#[cfg(test)]
impl Disk {
    /// This editor's recovery file, when jobs run inline (tests).
    pub fn own_file(&self) -> Option<std::path::PathBuf> {
        self.inline
            .as_ref()?
            .own_file()
            .map(std::path::Path::to_path_buf)
    }
}

impl Drop for Disk {
    /// Finishes the queued writes (the last autosave, the clean-exit tidy-up) before the
    /// program ends.
    fn drop(&mut self) {
        if let Some((tx, handle)) = self.worker.take() {
            drop(tx);
            let _ = handle.join();
        }
    }
}
