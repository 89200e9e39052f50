//! What the store holds, by its own count: written to `meta` when the bot stops cleanly,
//! and checked when it next opens. sled may open a damaged folder and silently hold less
//! than it did (five flipped bytes lost 132 of 1,200 subscriptions and an open incident
//! in one audit): a store that disagrees with the count it left is damaged, and is not
//! used without the operator's word. After a crash there is no clean count to hold it
//! to, and the check waits for the next clean stop.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::pages::Page;
use super::{Result, TreeName, Trees, corrupt};

/// The `meta` key the count is kept under.
const KEY: &str = "census";

/// Entries per tree, and the chats inside the chat pages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Census {
    /// Written at a clean stop, after the last write: it must match exactly.
    pub clean: bool,
    pub trees: BTreeMap<String, u64>,
    pub chats: u64,
}

impl Census {
    /// Whether the store holds nothing at all.
    pub fn is_empty(&self) -> bool {
        self.trees.values().all(|&n| n == 0)
    }

    /// What `now` holds less of than `self`, in words, or `None` when it holds all of
    /// it. More is not loss (a tool may have written beside the bot), and a damaged
    /// record is found when it is read.
    pub fn differences(&self, now: &Census) -> Option<String> {
        let mut said = Vec::new();
        if now.chats < self.chats {
            said.push(format!("{} chats, not {}", now.chats, self.chats));
        }
        for (tree, &was) in &self.trees {
            let is = now.trees.get(tree).copied().unwrap_or(0);
            if is < was {
                said.push(format!("`{tree}` holds {is} entries, not {was}"));
            }
        }
        (!said.is_empty()).then(|| said.join("; "))
    }
}

impl Trees {
    /// Counts every tree now (reads them whole: at open and at a clean stop only).
    pub(super) fn count(&self) -> Result<Census> {
        let mut census = Census::default();
        for name in TreeName::BACKED_UP {
            let tree = self.get(name);
            census
                .trees
                .insert(name.name().to_owned(), tree.len() as u64);
            if name == TreeName::ChatPages {
                for page in tree.iter().values() {
                    census.chats += Page::read(name.name(), &page?)?.page.entries.len() as u64;
                }
            }
        }
        Ok(census)
    }

    /// The count the store left when it last stopped, if it left one.
    pub(super) fn left_census(&self) -> Result<Option<Census>> {
        self.meta
            .get(KEY)?
            .map(|bytes| {
                serde_json::from_slice(&bytes)
                    .map_err(|e| corrupt("meta", format!("the census: {e}")))
            })
            .transpose()
    }

    /// Keeps `census` in `meta` (flushed by the caller).
    pub(super) fn keep_census(&self, census: &Census) -> Result<()> {
        let bytes = serde_json::to_vec(census).map_err(|e| corrupt("meta", e))?;
        self.meta.insert(KEY, bytes)?;
        Ok(())
    }
}
