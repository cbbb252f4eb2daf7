//! The index itself: per file the entries of its cables, from the disk or from the editor
//! (an open document's text wins over the disk's), and two maps kept in step with them: which
//! files hold a cable of a canonical id, and which files cite one. Files are numbered once;
//! the maps hold numbers, not names.

use std::collections::{HashMap, HashSet};
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

    /// An open document's text, as the editor has it. After an edit only the cables between
    /// the ones it shares with the last version, at its start and at its end, are new: those
    /// are summarized (on every core when an opened document brings thousands), the rest
    /// keep their entries, so a keystroke costs what the edited cable costs.
    pub fn set_open(&mut self, uri: &Uri, doc: &Document, enc: Encoding) {
        let n = self.number(uri);
        let slot = &self.slots[n as usize];
        let old_entries: &[(u32, Arc<CableEntry>)] = slot.open.as_ref().map_or(&[], |f| &f.cables);
        let old_cables = &slot.open_cables[..old_entries.len().min(slot.open_cables.len())];
        let (head, tail) = shared_ends(old_cables, doc.cables(), Arc::ptr_eq);
        // Between them, a cable may still be an old one moved (a cut and paste).
        let middle = &old_cables[head..old_cables.len() - tail];
        let before: HashMap<*const Cable, &Arc<CableEntry>> = middle
            .iter()
            .zip(&old_entries[head..])
            .map(|(c, (_, e))| (Arc::as_ptr(c), e))
            .collect();
        let placed: Vec<(Placed<'_>, Option<Arc<CableEntry>>)> = doc
            .placed()
            .map(|p| {
                let kept = if p.index < head {
                    Some(Arc::clone(&old_entries[p.index].1))
                } else if p.index >= doc.cables().len() - tail {
                    let k = p.index + old_cables.len() - doc.cables().len();
                    Some(Arc::clone(&old_entries[k].1))
                } else {
                    before.get(&Arc::as_ptr(p.cable)).map(|e| Arc::clone(e))
                };
                (p, kept)
            })
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

    /// Change slot `n` and keep the maps in step with what it holds now. Only the entries
    /// between those the old and new file share at their start and end (the same `Arc`s, as
    /// after an edit of an open document) can change the maps or the dates.
    fn replace(&mut self, n: u32, change: impl FnOnce(&mut Slot)) {
        let slot = &mut self.slots[n as usize];
        let old = slot.current().cloned();
        change(slot);
        let new = slot.current().cloned();
        let old: &[(u32, Arc<CableEntry>)] = old.as_deref().map_or(&[], |f| &f.cables);
        let new: &[(u32, Arc<CableEntry>)] = new.as_deref().map_or(&[], |f| &f.cables);
        let (head, tail) = shared_ends(old, new, |a, b| Arc::ptr_eq(&a.1, &b.1));
        let (old_mid, new_mid) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
        if dated(old_mid) != dated(new_mid) {
            self.changed = true;
        }
        let added: HashSet<(&str, Which)> = ids(new_mid).collect();
        let gone: Vec<(&str, Which)> = ids(old_mid).filter(|i| !added.contains(i)).collect();
        // An id gone from the edited cables may still stand in one the edit left alone.
        let elsewhere: HashSet<(&str, Which)> = if gone.is_empty() {
            HashSet::new()
        } else {
            ids(&new[..head])
                .chain(ids(&new[new.len() - tail..]))
                .collect()
        };
        for (id, which) in gone {
            if elsewhere.contains(&(id, which)) {
                continue;
            }
            let map = self.map(which);
            if let Some(files) = map.get_mut(id) {
                files.retain(|&f| f != n);
                if files.is_empty() {
                    map.remove(id);
                }
            }
        }
        for (id, which) in added {
            let files = self.map(which).entry(id.into()).or_default();
            if !files.contains(&n) {
                files.push(n);
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

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Which {
    Holders,
    Citers,
}

/// The ids of cables with their dates: what others' `ref-order` warnings depend on.
fn dated(cables: &[(u32, Arc<CableEntry>)]) -> Vec<(Option<&str>, Option<&Dtg>)> {
    cables
        .iter()
        .map(|(_, c)| (c.id.as_deref(), c.dtg.as_ref()))
        .collect()
}

/// The ids cables hold and the ids they cite.
fn ids(cables: &[(u32, Arc<CableEntry>)]) -> impl Iterator<Item = (&str, Which)> {
    cables.iter().flat_map(|(_, c)| {
        let held = c.id.as_deref().map(|id| (id, Which::Holders));
        let cited = c
            .cites
            .iter()
            .filter_map(|cite| Some((cite.cited.as_deref()?, Which::Citers)));
        held.into_iter().chain(cited)
    })
}

/// How many items `a` and `b` share at their start, and then at their end (never counting
/// one item twice): what an edit left alone.
fn shared_ends<A, B>(a: &[A], b: &[B], same: impl Fn(&A, &B) -> bool) -> (usize, usize) {
    let head = a.iter().zip(b).take_while(|(x, y)| same(x, y)).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| same(x, y))
        .count();
    (head, tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cable of the form of `tests/workspace/cables/state-40721.cable`: `serial`, and a
    /// mention of QUITO 8812 when `cites`.
    fn cable(serial: &str, cites: bool) -> String {
        let see = if cites {
            "SEE (QUITO 8812)"
        } else {
            "SEE THE NOTE"
        };
        format!(
            "O 101200Z MAR 94\nFM SECSTATE WASHDC\nTO AMEMBASSY QUITO IMMEDIATE\nBT\n\
             C O N F I D E N T I A L STATE {serial}\n\nE.O. 12356: DECL: OADR\n\
             TAGS: PREL, EC, PE\nSUBJECT: INSTRUCTIONS\n1. (C) EMBASSY SHOULD ACT;\n\
             {see} FOR HIS VIEWS.\nBT\nNNNN\n"
        )
    }

    /// Replace the one `from` of cable `k` (counted from 0) by `to`, as an editor would.
    fn edit(doc: &mut Document, k: usize, from: &str, to: &str) {
        let p = doc.placed().nth(k).unwrap();
        let (start, len) = (p.start_byte, p.cable.len);
        let text = doc.text();
        let at = start + text[start..start + len].find(from).unwrap();
        doc.edit(at, at + from.len(), to);
    }

    /// After an edit only the edited cables are looked at; what they lose stays in the maps
    /// where a cable the edit left alone still holds it, and goes where none does.
    #[test]
    fn an_edit_keeps_the_maps_of_the_whole_file() {
        let uri: Uri = "file:///t.cable".parse().unwrap();
        let text = [
            cable("040721", true),
            cable("040722", true),
            cable("040723", false),
        ];
        let mut doc = Document::new(&text.concat());
        let mut index = Index::default();
        index.set_open(&uri, &doc, Encoding::Utf16);
        let (_, file) = index.file(&uri).unwrap();
        assert_eq!(file.cables.len(), 3);
        let quito = file.cables[0].1.cites[0].cited.clone().unwrap();
        let second = file.cables[1].1.id.clone().unwrap();
        // `citing` gives every cable of a file that cites: whether the file is among them.
        let cited = |index: &Index| index.citing(&quito).next().is_some();
        assert!(cited(&index));
        assert_eq!(index.cables(&second).count(), 1);
        assert!(index.take_changed());

        // The second cable no longer cites: the first still does.
        edit(&mut doc, 1, "(QUITO 8812)", "THE NOTE");
        index.set_open(&uri, &doc, Encoding::Utf16);
        assert!(cited(&index));
        assert!(!index.take_changed(), "no id or date changed");
        // Nor does the first: nothing cites it in this file.
        edit(&mut doc, 0, "(QUITO 8812)", "THE NOTE");
        index.set_open(&uri, &doc, Encoding::Utf16);
        assert!(!cited(&index));
        // A serial changed: the old id is gone, the new one is there, and it says so.
        edit(&mut doc, 1, "040722", "040799");
        index.set_open(&uri, &doc, Encoding::Utf16);
        assert_eq!(index.cables(&second).count(), 0);
        let renamed = index.file(&uri).unwrap().1.cables[1].1.id.clone().unwrap();
        assert_ne!(renamed, second);
        assert_eq!(index.cables(&renamed).count(), 1);
        assert!(index.take_changed());
        // The entries of cables the edits left alone are the ones made at the start.
        assert_eq!(index.file(&uri).unwrap().1.cables.len(), 3);
    }
}
