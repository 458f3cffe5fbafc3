//! An action: the unit of follow-up anywhere in the tree (risk treatment,
//! corrective action of a finding, review decision, incident lesson).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One action. Its id is unique across the whole tree.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Unique across the tree, e.g. "ACT-031".
    pub id: String,
    /// What will be done.
    pub summary: String,
    /// Person id of who does it.
    pub owner: String,
    /// When it is due.
    pub due: NaiveDate,
    /// open | done | cancelled.
    pub status: ActionStatus,
    /// When it was done; required when status is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<NaiveDate>,
}

impl Action {
    /// Whether it is still to do.
    pub fn is_open(&self) -> bool {
        self.status == ActionStatus::Open
    }

    /// Open and past its due date on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.due < today
    }
}

kebab_enum! {
    /// Where an action stands.
    pub enum ActionStatus {
        /// Still to do.
        Open,
        /// Finished.
        Done,
        /// Dropped.
        Cancelled,
    }
}
