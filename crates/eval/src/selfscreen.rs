//! Self-screening: every name of every entity of a list, screened as published with the
//! entity's own type against that list, must return its entity at 0.99 or more.

use std::path::{Path, PathBuf};

use namesake_index::{Index, ScreenOptions};
use namesake_model::Query;
use rayon::prelude::*;
use serde::Serialize;

/// The least score at which a listed name counts as finding its own entity.
pub const SELF_SCORE: f32 = 0.99;

/// A listed name that did not find its own entity.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// The entity whose name it is.
    pub entity_id: String,
    /// The name as published.
    pub name: String,
    /// Its own entity's score, if it was a hit at all.
    pub own_score: Option<f32>,
    /// The best hit instead, with its score.
    pub best: Option<(String, f32)>,
}

/// Self-screening of one list file.
#[derive(Debug, Clone, Serialize)]
pub struct ListSelfScreen {
    /// The file.
    pub file: PathBuf,
    /// The list code.
    pub list: String,
    /// Names screened.
    pub names: usize,
    /// Names that returned their entity at `SELF_SCORE` or more.
    pub found: usize,
    /// The others.
    pub misses: Vec<Miss>,
}

impl ListSelfScreen {
    /// Found / screened.
    pub fn rate(&self) -> f64 {
        if self.names == 0 {
            1.0
        } else {
            self.found as f64 / self.names as f64
        }
    }
}

/// Screens every name of every entity of the list in `path` against that list alone.
pub fn self_screen(path: &Path) -> anyhow::Result<ListSelfScreen> {
    let parsed = namesake_sources::load(path)?;
    let list = parsed.info.code.clone();
    let index = Index::build(vec![(parsed.info, parsed.entities)]);
    let opts = ScreenOptions {
        threshold: SELF_SCORE,
        limit: 10,
        explain: false,
        ..ScreenOptions::default()
    };
    let jobs: Vec<(usize, usize)> = index
        .entities()
        .iter()
        .enumerate()
        .flat_map(|(ei, e)| (0..e.names.len()).map(move |ni| (ei, ni)))
        .collect();
    let misses: Vec<Miss> = jobs
        .par_iter()
        .filter_map(|&(ei, ni)| miss(&index, ei, ni, &opts))
        .collect();
    Ok(ListSelfScreen {
        file: path.to_path_buf(),
        list,
        names: jobs.len(),
        found: jobs.len() - misses.len(),
        misses,
    })
}

fn miss(index: &Index, ei: usize, ni: usize, opts: &ScreenOptions) -> Option<Miss> {
    let e = &index.entities()[ei];
    let name = &e.names[ni].full;
    let q = Query {
        names: vec![name.clone()],
        schema: e.schema,
        ..Query::default()
    };
    let hits = index.screen(&q, opts);
    if hits.iter().any(|h| h.entity_id == e.id) {
        return None;
    }
    let all = index.screen(
        &q,
        &ScreenOptions {
            threshold: 0.0,
            limit: 50,
            ..opts.clone()
        },
    );
    Some(Miss {
        entity_id: e.id.clone(),
        name: name.clone(),
        own_score: all.iter().find(|h| h.entity_id == e.id).map(|h| h.score),
        best: all.first().map(|h| (h.entity_id.clone(), h.score)),
    })
}

/// A file of the lists folder that is no list on its own, and why.
pub type NotAList = (PathBuf, String);

/// The list files of a data directory that a reader recognises, with the files it does not
/// (companion files of the OFAC CSV set, and anything no reader knows) and why.
pub fn list_files(data: &Path) -> anyhow::Result<(Vec<PathBuf>, Vec<NotAList>)> {
    let mut read = Vec::new();
    let mut not = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("lists"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for f in files {
        match namesake_sources::detect(&f) {
            Ok(_) => read.push(f),
            Err(e) => not.push((f, e.to_string())),
        }
    }
    Ok((read, not))
}
