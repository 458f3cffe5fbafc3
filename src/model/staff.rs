//! The staff roster the HR system exports (`[staff] roster` of isms.toml):
//! who is on staff, in which department, from when to when. Names and
//! emails are optional, so a tree holds no more personal data than the
//! organisation chooses. The roster is the audience of awareness campaigns.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

/// One member of staff, as a roster row gives them.
#[derive(Debug, Clone, Serialize)]
pub struct StaffMember {
    /// An employee number or any stable id.
    pub id: String,
    /// Their department ("" when the roster leaves it empty).
    pub department: String,
    /// Their first day, if the roster says.
    pub start: Option<NaiveDate>,
    /// Their last day, if they have left or are leaving.
    pub end: Option<NaiveDate>,
    /// Their name, if the roster holds names.
    pub name: Option<String>,
    /// Their email, if the roster holds emails.
    pub email: Option<String>,
    /// The roster's line of this row (1-based).
    #[serde(skip)]
    pub line: usize,
}

impl StaffMember {
    /// Whether they are on staff on `day`: started (or no start given) and
    /// not yet gone (an end date is their last day).
    pub fn on_staff(&self, day: NaiveDate) -> bool {
        self.start.is_none_or(|s| s <= day) && self.end.is_none_or(|e| e >= day)
    }
}

/// The roster as read: members in file order, found by id or email.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// Every member, in the roster's order (rows that did not read left out).
    pub members: Vec<StaffMember>,
    by_id: HashMap<String, usize>,
    by_email: HashMap<String, usize>,
    /// Names (lower case) held by one member only.
    by_name: HashMap<String, usize>,
    /// Ids and emails (lower case) of rows that did not read: completions
    /// naming them are not reported a second time.
    unread: std::collections::HashSet<String>,
}

impl Roster {
    /// A roster of these members (the first of a repeated id or email wins).
    pub fn new(members: Vec<StaffMember>) -> Self {
        let mut by_id = HashMap::with_capacity(members.len());
        let mut by_email = HashMap::new();
        let mut by_name = HashMap::new();
        let mut twice = Vec::new();
        for (i, m) in members.iter().enumerate() {
            by_id.entry(m.id.clone()).or_insert(i);
            if let Some(e) = &m.email {
                by_email.entry(e.to_lowercase()).or_insert(i);
            }
            if let Some(n) = &m.name
                && by_name.insert(n.to_lowercase(), i).is_some()
            {
                twice.push(n.to_lowercase());
            }
        }
        // Two people of one name: a completion by that name names neither.
        for n in twice {
            by_name.remove(&n);
        }
        Roster {
            members,
            by_id,
            by_email,
            by_name,
            unread: Default::default(),
        }
    }

    /// Note the id or email of a row that did not read.
    pub fn unread(&mut self, who: &str) {
        self.unread.insert(who.trim().to_lowercase());
    }

    /// Whether `who` names a row that did not read (so whether they are on
    /// staff cannot be told).
    pub fn is_unread(&self, who: &str) -> bool {
        self.unread.contains(&who.trim().to_lowercase())
    }

    /// The member a completion names: by id, else by email (case aside),
    /// else by a name the roster gives one member only.
    pub fn find(&self, who: &str) -> Option<&StaffMember> {
        self.members.get(self.position(who)?)
    }

    /// The index of the member a completion names (see [`Roster::find`]).
    pub fn position(&self, who: &str) -> Option<usize> {
        let who = who.trim();
        if let Some(i) = self.by_id.get(who) {
            return Some(*i);
        }
        let lower = who.to_lowercase();
        self.by_email
            .get(&lower)
            .or_else(|| self.by_name.get(&lower))
            .copied()
    }

    /// The departments, sorted, each once.
    pub fn departments(&self) -> Vec<&str> {
        let mut d: Vec<&str> = self.members.iter().map(|m| m.department.as_str()).collect();
        d.sort_unstable();
        d.dedup();
        d
    }
}
