//! d) of the draft: each objective (6.2) with its metric's value at the
//! last review, now, the trend and its state, so management sees the
//! trends 9.3.2 d) asks it to consider.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::metrics::format_value;
use crate::render::view::MeasurementView;

/// The objectives' lines of d), after a heading; nothing for a tree
/// without objectives.
pub(super) fn lines(
    o: &mut String,
    m: Option<&MeasurementView>,
    since: NaiveDate,
    then: &BTreeMap<String, Option<f64>>,
) {
    let Some(m) = m.filter(|m| !m.objectives.is_empty()) else {
        return;
    };
    let _ = writeln!(
        o,
        "\nObjectives (6.2): value at the last review ({since}), now, trend, state:"
    );
    for ob in &m.objectives {
        let target = ob.target.as_deref().unwrap_or("no target");
        let by = ob.by.map(|d| format!(" by {d}")).unwrap_or_default();
        let _ = writeln!(
            o,
            "- {} {} ({target}{by}): {} then, {} now, {}; {}",
            ob.id,
            ob.title,
            then.get(&ob.metric)
                .copied()
                .flatten()
                .map_or_else(|| "–".to_string(), |v| format_value(v, &ob.unit)),
            ob.now,
            ob.trend,
            ob.state
        );
    }
}
