//! The index itself: per file the entries of its cables, from the disk or from the editor
//! (an open document's text wins over the disk's), and two maps kept in step with them: which
//! files hold a cable of a canonical id, and which files cite one. Files are numbered once;
//! the maps hold numbers, not names.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cable_grammar::document::Placed;
use cable_grammar::dtg::Dtg;
use cable_grammar::syntax::Cable;
use cable_grammar::Document;
use tower_lsp_server::ls_types::Uri;

use super::entry::{entry, CableEntry, FileEntry};
use crate::lsp::cores::runs_on_cores;
use crate::lsp::encoding::Encoding;
use crate::lsp::text::cable_text;

#[derive(Default)]
struct Slot {
    uri: Option<Uri>,
    disk: Option<Arc<FileEntry>>,
    open: Option<Arc<FileEntry>>,
    /// The open document's cables, whose entries are reused after an edit elsewhere.
    open_cables: Vec<Arc<Cable>>,
}

impl Slot {
    fn current(&self) -> Option<&Arc<FileEntry>> {
        self.open.as_ref().or(self.disk.as_ref())
    }
}

#[derive(Default)]
pub struct Index {
    slots: Vec<Slot>,
    numbers: HashMap<Uri, u32>,
    /// Canonical id → the files holding a cable of that id.
    holders: HashMap<Box<str>, Vec<u32>>,
    /// Canonical id → the files citing it.
    citers: HashMap<Box<str>, Vec<u32>>,
    /// The workspace folders: only files under one of them are read from the disk.
    folders: Vec<PathBuf>,
    /// The ids or dates of some cable changed since `take_changed` was last asked.
    changed: bool,
}

/// Where a query's answer is: the file and one of its cables.
pub struct Hit<'a> {
    pub uri: &'a Uri,
    pub first_line: u32,
    pub cable: &'a CableEntry,
}

impl Index {
    fn number(&mut self, uri: &Uri) -> u32 {
        if let Some(&n) = self.numbers.get(uri) {
            return n;
        }
        let n = u32::try_from(self.slots.len()).unwrap_or(u32::MAX);
        self.slots.push(Slot {
            uri: Some(uri.clone()),
            ..Slot::default()
        });
        self.numbers.insert(uri.clone(), n);
        n
    }

    pub fn set_folders(&mut self, folders: Vec<PathBuf>) {
        self.folders = folders;
    }

    /// A folder to read from now on; false when it is one already.
    pub fn add_folder(&mut self, folder: &Path) -> bool {
        if self.folders.iter().any(|f| f == folder) {
            return false;
        }
        self.folders.push(folder.to_path_buf());
        true
    }

    /// Folders no longer of the workspace: the disk's entries of their files go, unless
    /// another folder holds the file too (open documents stay, as any open document does).
    pub fn remove_folders(&mut self, removed: &[PathBuf]) {
        self.folders.retain(|f| !removed.contains(f));
        let gone: Vec<Uri> = self
            .slots
            .iter()
            .filter(|slot| slot.disk.is_some())
            .filter_map(|slot| slot.uri.as_ref())
            .filter(|uri| {
                uri.to_file_path()
                    .is_some_and(|p| removed.iter().any(|r| p.starts_with(r)) && !self.covers(&p))
            })
            .cloned()
            .collect();
        for uri in gone {
            self.set_disk(&uri, None);
        }
    }

    /// Whether a file is under one of the workspace folders.
    pub fn covers(&self, path: &Path) -> bool {
        self.folders.iter().any(|f| path.starts_with(f))
    }

    /// The file as read from the disk; `None`: it is gone.
    pub fn set_disk(&mut self, uri: &Uri, entry: Option<FileEntry>) {
        if entry.is_none() && !self.numbers.contains_key(uri) {
            return;
        }
        let n = self.number(uri);
        self.replace(n, |slot| slot.disk = entry.map(Arc::new));
    }

    /// An open document's text, as the editor has it.
    pub fn set_open(&mut self, uri: &Uri, doc: &Document, enc: Encoding) {
        let n = self.number(uri);
        let slot = &self.slots[n as usize];
        let before: HashMap<*const Cable, &Arc<CableEntry>> = slot
            .open
            .iter()
            .flat_map(|f| f.cables.iter())
            .zip(&slot.open_cables)
            .map(|((_, e), c)| (Arc::as_ptr(c), e))
            .collect();
        let placed: Vec<(Placed<'_>, Option<Arc<CableEntry>>)> = doc
            .placed()
            .map(|p| (p, before.get(&Arc::as_ptr(p.cable)).map(|e| Arc::clone(e))))
            .collect();
        // An opened document's thousands of cables are summarized on every core.
        let new: Vec<&Placed<'_>> = placed
            .iter()
            .filter(|(_, e)| e.is_none())
            .map(|(p, _)| p)
            .collect();
        let made = runs_on_cores(&new, |run| {
            let made = run
                .iter()
                .map(|p| Arc::new(entry(p.cable, &cable_text(doc, p), enc)));
            made.collect()
        });
        let mut made = made.into_iter();
        let mut cables = Vec::with_capacity(placed.len());
        let mut kept = Vec::with_capacity(placed.len());
        for (p, e) in &placed {
            let e = e.clone().unwrap_or_else(|| {
                let made = made.next().flatten();
                made.unwrap_or_else(|| Arc::new(entry(p.cable, &cable_text(doc, p), enc)))
            });
            let line = u32::try_from(p.start_line).unwrap_or(u32::MAX);
            cables.push((line, e));
            kept.push(Arc::clone(p.cable));
        }
        self.replace(n, |slot| {
            slot.open = Some(Arc::new(FileEntry { cables }));
            slot.open_cables = kept;
        });
    }

    /// The document was closed: the disk's copy counts again.
    pub fn close(&mut self, uri: &Uri) {
        if let Some(&n) = self.numbers.get(uri) {
            self.replace(n, |slot| {
                slot.open = None;
                slot.open_cables.clear();
            });
        }
    }

    /// Change slot `n` and keep the maps in step with what it holds now.
    fn replace(&mut self, n: u32, change: impl FnOnce(&mut Slot)) {
        let slot = &mut self.slots[n as usize];
        let old = slot.current().cloned();
        change(slot);
        let new = slot.current().cloned();
        if dated(old.as_deref()) != dated(new.as_deref()) {
            self.changed = true;
        }
        if let Some(old) = old {
            for (id, map) in ids(&old) {
                let map = self.map(map);
                if let Some(files) = map.get_mut(id) {
                    files.retain(|&f| f != n);
                    if files.is_empty() {
                        map.remove(id);
                    }
                }
            }
        }
        if let Some(new) = new {
            for (id, map) in ids(&new) {
                let files = self.map(map).entry(id.into()).or_default();
                if !files.contains(&n) {
                    files.push(n);
                }
            }
        }
    }

    fn map(&mut self, which: Which) -> &mut HashMap<Box<str>, Vec<u32>> {
        match which {
            Which::Holders => &mut self.holders,
            Which::Citers => &mut self.citers,
        }
    }

    fn hits<'a>(&'a self, files: Option<&'a Vec<u32>>) -> impl Iterator<Item = Hit<'a>> + 'a {
        files
            .into_iter()
            .flatten()
            .filter_map(|&n| {
                let slot = &self.slots[n as usize];
                Some((slot.uri.as_ref()?, slot.current()?))
            })
            .flat_map(|(uri, file)| {
                file.cables.iter().map(move |(line, c)| Hit {
                    uri,
                    first_line: *line,
                    cable: c,
                })
            })
    }

    /// The cables of a canonical id (a copy of a cable in two files is two).
    pub fn cables(&self, id: &str) -> impl Iterator<Item = Hit<'_>> + '_ {
        let id = id.to_string();
        self.hits(self.holders.get(id.as_str()))
            .filter(move |h| h.cable.id.as_deref() == Some(id.as_str()))
    }

    /// The cables that cite a canonical id.
    pub fn citing(&self, id: &str) -> impl Iterator<Item = Hit<'_>> + '_ {
        self.hits(self.citers.get(id))
    }

    /// Every cable of the workspace.
    pub fn all(&self) -> impl Iterator<Item = Hit<'_>> + '_ {
        self.slots
            .iter()
            .filter_map(|slot| Some((slot.uri.as_ref()?, slot.current()?)))
            .flat_map(|(uri, file)| {
                file.cables.iter().map(move |(line, c)| Hit {
                    uri,
                    first_line: *line,
                    cable: c,
                })
            })
    }

    /// Whether the ids or dates of a cable changed since the last call.
    pub fn take_changed(&mut self) -> bool {
        std::mem::take(&mut self.changed)
    }

    /// The open document's entry or the disk's.
    pub fn file(&self, uri: &Uri) -> Option<(&Uri, &FileEntry)> {
        let slot = &self.slots[*self.numbers.get(uri)? as usize];
        Some((slot.uri.as_ref()?, slot.current()?))
    }
}

#[derive(Clone, Copy)]
enum Which {
    Holders,
    Citers,
}

/// The ids of a file's cables with their dates: what others' `ref-order` warnings depend on.
fn dated(file: Option<&FileEntry>) -> Vec<(Option<&str>, Option<&Dtg>)> {
    file.into_iter()
        .flat_map(|f| &f.cables)
        .map(|(_, c)| (c.id.as_deref(), c.dtg.as_ref()))
        .collect()
}

/// The ids a file holds and the ids it cites.
fn ids(file: &FileEntry) -> Vec<(&str, Which)> {
    let mut out = Vec::new();
    for (_, c) in &file.cables {
        if let Some(id) = &c.id {
            out.push((&**id, Which::Holders));
        }
        for cite in c.cites.iter() {
            if let Some(id) = &cite.cited {
                out.push((&**id, Which::Citers));
            }
        }
    }
    out
}
