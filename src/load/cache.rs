//! [`ParseCache`]: parsed records kept by the git blob they came from, so
//! loading the tree at many commits (a metric's series over the history)
//! parses each version of each file once. A file unchanged between two
//! commits has the same blob id, and its record is cloned, not re-read.

use std::any::Any;
use std::collections::HashMap;

use crate::diag::SourceFile;
use crate::schema::Kind;

/// Parsed files by kind and blob id. Only readers that know a file's
/// content id ([`super::TreeFs::content_key`], git) use it.
#[derive(Default)]
pub struct ParseCache {
    entries: HashMap<(Kind, Vec<u8>), Box<dyn Any>>,
    hits: usize,
}

impl std::fmt::Debug for ParseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ParseCache")
            .field("entries", &self.entries.len())
            .field("hits", &self.hits)
            .finish()
    }
}

/// One file parsed without a mistake: its source and its record. Broken
/// files are not kept, so each load reports their mistakes again.
pub(super) struct Parsed<T> {
    pub source: SourceFile,
    pub record: super::Record<T>,
}

impl ParseCache {
    /// An empty cache.
    pub fn new() -> Self {
        ParseCache::default()
    }

    /// How many files were taken from the cache instead of parsed.
    pub fn hits(&self) -> usize {
        self.hits
    }

    /// How many distinct file versions were parsed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing was parsed yet.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(super) fn get<T: 'static>(&mut self, kind: Kind, key: &[u8]) -> Option<&Parsed<T>> {
        let hit = self
            .entries
            .get(&(kind, key.to_vec()))
            .and_then(|b| b.downcast_ref::<Parsed<T>>());
        if hit.is_some() {
            self.hits += 1;
        }
        hit
    }

    pub(super) fn put<T: 'static>(&mut self, kind: Kind, key: Vec<u8>, parsed: Parsed<T>) {
        self.entries.insert((kind, key), Box::new(parsed));
    }
}
