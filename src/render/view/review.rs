//! Management reviews (9.3): the seven inputs of 9.3.2, decisions, actions.

use chrono::NaiveDate;
use serde::Serialize;

use super::action::{self, ActionView};
use super::refs::PersonRef;
use super::{DocControl, Md, ViewCx};
use crate::load::Record;
use crate::model::{self, Review, ReviewStatus};

/// One review input.
#[derive(Debug, Clone, Serialize)]
pub struct InputView {
    /// Key.
    pub key: String,
    /// "a".
    pub letter: String,
    /// Title.
    pub title: String,
    /// Text.
    pub text: Md,
    /// Whether anything was recorded.
    pub present: bool,
}

/// One management review.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    /// Id.
    pub id: String,
    /// Date.
    pub date: NaiveDate,
    /// Chair.
    pub chair: PersonRef,
    /// Attendees.
    pub attendees: Vec<PersonRef>,
    /// planned | held.
    pub status: ReviewStatus,
    /// The seven inputs in order.
    pub inputs: Vec<InputView>,
    /// Decisions.
    pub decisions: Vec<Md>,
    /// Actions.
    pub actions: Vec<ActionView>,
    /// Minutes.
    pub body: Md,
    /// Document control from git.
    pub doc_control: DocControl,
}

/// The view of one review record.
pub(super) fn view(cx: &ViewCx<'_>, r: &Record<Review>) -> ReviewView {
    let d = &r.data;
    let inputs = model::REVIEW_INPUTS
        .iter()
        .map(|(key, letter, title)| InputView {
            key: key.to_string(),
            letter: letter.to_string(),
            title: title.to_string(),
            text: (cx.md)(d.inputs.get(key)),
            present: !d.inputs.get(key).trim().is_empty(),
        })
        .collect();
    ReviewView {
        id: d.id.clone(),
        date: d.date,
        chair: cx.people.get(&d.chair),
        attendees: cx.people.all(&d.attendees),
        status: d.status,
        inputs,
        decisions: d.decisions.iter().map(|x| (cx.md)(x)).collect(),
        actions: action::views(cx, &d.action, "review", &d.id),
        body: (cx.md)(&r.body),
        doc_control: cx.doc_control(r.file),
    }
}

/// Every review, by date.
pub(super) fn all(cx: &ViewCx<'_>) -> Vec<ReviewView> {
    let mut reviews: Vec<ReviewView> = cx.tree.reviews.iter().map(|r| view(cx, r)).collect();
    reviews.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    reviews
}
