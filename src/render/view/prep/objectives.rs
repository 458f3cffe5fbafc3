//! d) of the draft: each objective (6.2) with its metric's value at the
//! last review, now, the trend and its state, so management sees the
//! trends 9.3.2 d) asks it to consider.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::render::view::{MeasurementView, ObjectiveView};

/// The value an objective's metric had on `day`: its latest point on or
/// before it, "–" without one.
fn value_on(o: &ObjectiveView, day: NaiveDate) -> &str {
    o.points
        .iter()
        .rev()
        .find(|p| p.end <= day && p.value.is_some())
        .map_or("–", |p| p.shown.as_str())
}

/// The objectives' lines of d), after a heading; nothing for a tree
/// without objectives.
pub(super) fn lines(o: &mut String, m: Option<&MeasurementView>, since: NaiveDate) {
    let Some(m) = m.filter(|m| !m.objectives.is_empty()) else {
        return;
    };
    let _ = writeln!(
        o,
        "\nObjectives (6.2): value at the period end before the last review ({since}), now, \
         trend, state:"
    );
    for ob in &m.objectives {
        let target = ob.target.as_deref().unwrap_or("no target");
        let by = ob.by.map(|d| format!(" by {d}")).unwrap_or_default();
        let _ = writeln!(
            o,
            "- {} {} ({target}{by}): {} then, {} now, {}; {}",
            ob.id,
            ob.title,
            value_on(ob, since),
            ob.now,
            ob.trend,
            ob.state
        );
    }
}
