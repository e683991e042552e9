//! One alert: the subject and the listed entity side by side, the engine's explanation of the
//! score, the decisions taken, and the decision form.

use maud::{html, Markup};
use namesake_index::{Hit, Index, ScreenOptions};
use namesake_matcher::Explanation;
use namesake_model::{Entity, Query};
use namesake_screening::UsedVersion;
use namesake_store::Decision;
use serde_json::Value;

use crate::ui::alerts::{AlertRow, AlertState};
use crate::ui::i18n::Ctx;
use crate::ui::pages::{decision_table, state_badge};
use crate::ui::session::Session;
use crate::ui::view::{facts, page, score_cell, when, Nav};

/// Everything the alert page shows.
pub(crate) struct AlertView {
    pub(crate) row: AlertRow,
    /// The subject as the audit record keeps it.
    pub(crate) subject: Value,
    /// The subject read back into a query (when the record allows).
    pub(crate) query: Option<Query>,
    /// The listed entity as the index in service has it (`None`: no longer listed).
    pub(crate) entity: Option<Entity>,
    /// The hit screened again now, with the engine's explanation.
    pub(crate) hit: Option<Hit>,
    /// The version of the entity's list in service.
    pub(crate) version: Option<UsedVersion>,
    /// Strong hits for the entity's name on the other lists.
    pub(crate) elsewhere: Vec<Hit>,
    /// Decisions on this subject and entity, oldest first.
    pub(crate) decisions: Vec<Decision>,
    pub(crate) state: AlertState,
    pub(crate) four_eyes: bool,
    /// The decision the queue's keyboard shortcut chose.
    pub(crate) intent: Option<String>,
    /// Why the last decision was refused.
    pub(crate) error: Option<String>,
}

/// The query a logged subject describes: a query as batch and re-screening log it, a subject as
/// sent to the native API, or an FtM example as sent to the yente API.
pub(crate) fn query_of(subject: &Value) -> Option<Query> {
    if let Ok(q) = serde_json::from_value::<Query>(subject["query"].clone()) {
        if !q.all_names().is_empty() {
            return Some(q);
        }
    }
    let raw = &subject["subject"];
    if raw.get("properties").is_some() {
        let example = namesake_screening::ftm::read_example(raw, "subject").ok()?;
        return Some(example.subject.prepare().query);
    }
    let obj = raw.as_object()?;
    let parsed = crate::native::parse_subject(obj, "", false, &crate::Limits::default()).ok()?;
    Some(parsed.prepared.query)
}

/// The hit of `entity` for `query`, screened again now with the explanation.
pub(crate) fn rescreen(index: &Index, query: &Query, entity: &Entity, score: f64) -> Option<Hit> {
    let opts = ScreenOptions {
        threshold: (score as f32 - 0.2).max(0.3),
        limit: 50,
        explain: true,
        lists: Some(vec![entity.list.clone()]),
        exact_name_floor: true,
    };
    index
        .screen(query, &opts)
        .into_iter()
        .find(|h| h.entity_id == entity.id)
}

/// Strong hits for the entity's primary name (with its dates and countries) on other lists.
pub(crate) fn elsewhere(index: &Index, entity: &Entity) -> Vec<Hit> {
    let Some(name) = entity.names.first() else {
        return Vec::new();
    };
    let others: Vec<String> = index
        .lists()
        .iter()
        .map(|m| m.info.code.clone())
        .filter(|c| *c != entity.list)
        .collect();
    if others.is_empty() {
        return Vec::new();
    }
    let query = Query {
        names: vec![name.full.clone()],
        schema: entity.schema,
        birth_dates: entity.birth_dates.clone(),
        countries: entity.nationalities.clone(),
        ..Default::default()
    };
    let opts = ScreenOptions {
        threshold: 0.9,
        limit: 5,
        explain: false,
        lists: Some(others),
        exact_name_floor: false,
    };
    index.screen(&query, &opts)
}

/// `name` with every token that the alignment paired marked.
pub(crate) fn highlighted(name: &str, aligned: &[String]) -> Markup {
    let norm = |t: &str| -> String {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    html! {
        @for (i, tok) in name.split_whitespace().enumerate() {
            @if i > 0 { " " }
            @let n = norm(tok);
            @if !n.is_empty() && aligned.iter().any(|a| *a == n || (n.len() > 3 && n.ends_with(a.as_str()))) {
                mark { (tok) }
            } @else { (tok) }
        }
    }
}

pub(crate) fn aligned_tokens(hit: Option<&Hit>, listed_side: bool) -> Vec<String> {
    let Some(e) = hit.and_then(|h| h.explanation.as_ref()) else {
        return Vec::new();
    };
    e.alignment
        .pairs
        .iter()
        .flat_map(|p| {
            let side = if listed_side { &p.listed } else { &p.query };
            side.split_whitespace()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn subject_card(cx: &Ctx, v: &AlertView) -> Markup {
    let t = cx.t();
    let aligned = aligned_tokens(v.hit.as_ref(), false);
    let q = v.query.clone().unwrap_or_default();
    let dob: Vec<String> = q.birth_dates.iter().map(ToString::to_string).collect();
    let ids: Vec<String> = q.identifiers.iter().map(|i| i.value.clone()).collect();
    html! {
        section.card aria-labelledby="subject-h" {
            h2 #subject-h { (t.subject) }
            p.names { @for n in q.all_names() { span.name { (highlighted(&n, &aligned)) } br; } }
            dl {
                dt { (t.subject_key) } dd { a href=(crate::ui::view::url("/ui/subject", &[("key", &v.row.subject_key)])) { (v.row.subject_key) } }
                (facts(t.date_of_birth, &dob))
                (facts(t.nationality, &q.countries))
                (facts(t.identifiers, &ids))
                dt { (t.screened) } dd { ((t.screened_by)(&when(&v.row.at), &v.row.who, (t.origin)(v.row.origin))) }
                @if let Some(file) = v.subject["file"].as_str() { dt { (t.file) } dd { ((t.file_line)(file, &v.subject["row"].to_string())) } }
            }
        }
    }
}

fn entity_card(cx: &Ctx, v: &AlertView) -> Markup {
    let t = cx.t();
    let aligned = aligned_tokens(v.hit.as_ref(), true);
    let Some(e) = &v.entity else {
        return html! { section.card { h2 { (t.listed_entity) } p.error { ((t.no_longer_listed)(&v.row.entity_id)) } } };
    };
    let listed = namesake_index::Listed::of(e);
    let details: Vec<String> = v
        .hit
        .iter()
        .flat_map(|h| h.details.iter().map(|(k, x)| format!("{k}: {x}")))
        .collect();
    html! {
        section.card aria-labelledby="entity-h" {
            h2 #entity-h { (t.listed_entity) }
            p.names { @for n in &e.names {
                span.name { (highlighted(&n.full, &aligned)) } " " span.muted { "(" ((t.name_kind)(n.kind)) ")" } br;
            } }
            dl {
                dt { (t.entity_id) } dd { (e.id) " · " ((t.schema)(e.schema)) }
                (facts(t.date_of_birth, &listed.dates_of_birth))
                (facts(t.nationality, &listed.nationalities))
                (facts(t.place_of_birth, &listed.places_of_birth))
                (facts(t.identifiers, &listed.identifiers))
                (facts(t.programmes, &listed.programs))
                (facts(t.details, &details))
                (facts(t.remarks, &e.remarks))
                @if let Some(ver) = &v.version {
                    dt { (t.list_version) }
                    dd { (ver.list) @if let Some(id) = ver.version { " " ((t.version_n)(id)) } @if let Some(p) = &ver.published { ", " ((t.published_on)(p)) } }
                }
                @if !v.elsewhere.is_empty() {
                    dt { (t.also_listed) }
                    dd { @for h in &v.elsewhere { (h.list_name) ": " (h.name) " (" (h.entity_id) ", " (format!("{:.2}", h.score)) ")" br; } }
                }
            }
        }
    }
}

fn explanation(cx: &Ctx, v: &AlertView) -> Markup {
    let t = cx.t();
    let Some(hit) = &v.hit else {
        return html! { p.muted { (t.score_at_screening) " " (score_cell(cx, v.row.score)) ". " (t.no_explanation) } };
    };
    html! {
        section.card #explanation aria-labelledby="why-h" {
            h2 #why-h { (t.why_matched) }
            p { span.score { (format!("{:.2}", hit.score)) } " " (score_cell(cx, hit.score as f64)) span.muted { ((t.at_screening)(&format!("{:.2}", v.row.score))) } }
            @if let Some(x) = &hit.explanation { (why(cx, x)) }
        }
    }
}

/// The engine's explanation of a hit: the names that met, the tokens aligned and how, what
/// each piece of other evidence added or took away. The alert page and the screen page show it.
/// The evidence's detail is the engine's own text (English).
pub(crate) fn why(cx: &Ctx, x: &Explanation) -> Markup {
    let t = cx.t();
    html! {
        p { ((t.name_scored)(&x.query_name, &x.matched_name, &format!("{:.2}", x.name_score))) }
        table { thead { tr { th { (t.col_subject_token) } th { (t.col_listed_token) } th { (t.col_how) } th { (t.col_similarity) } } }
            tbody { @for p in &x.alignment.pairs { tr {
                td { mark { (p.query) } } td { mark { (p.listed) } }
                td { ((t.how)(p.how)) }
                td { (format!("{:.2}", p.similarity)) }
            } } } }
        @if !x.alignment.unmatched_query.is_empty() { p { (t.only_in_subject) " " (x.alignment.unmatched_query.join(" ")) } }
        @if !x.alignment.unmatched_listed.is_empty() { p { (t.only_in_listed) " " (x.alignment.unmatched_listed.join(" ")) } }
        @if !x.features.is_empty() {
            table { thead { tr { th { (t.col_evidence) } th { (t.col_effect) } th { (t.col_detail) } } }
                tbody { @for f in &x.features { tr {
                    td { ((t.feature)(f.name)) }
                    td class=(if f.delta >= 0.0 { "delta-pos" } else { "delta-neg" }) { (format!("{:+.2}", f.delta)) }
                    td { (f.detail) }
                } } } }
        }
    }
}

fn decide_form(cx: &Ctx, v: &AlertView, s: &Session) -> Markup {
    let t = cx.t();
    let intent = v.intent.as_deref().unwrap_or("");
    let awaiting = v.state == AlertState::AwaitingSecond;
    html! {
        section.card #decide aria-labelledby="decide-h" {
            h2 #decide-h { (t.decision) }
            p { (t.col_state) ": " (state_badge(cx, v.state))
                @if v.four_eyes { span.muted { (t.four_eyes_note) } } }
            @if let Some(e) = &v.error { p.error role="alert" { (e) } }
            form.decide method="post" action="/ui/alert/decide" {
                input type="hidden" name="csrf" value=(s.csrf);
                input type="hidden" name="subject" value=(v.row.subject_key);
                input type="hidden" name="entity" value=(v.row.entity_id);
                fieldset { legend { (t.verdict_legend) }
                    label { input type="radio" name="verdict" value="true_match" required checked[intent == "true_match" || (awaiting && intent.is_empty())];
                        " " @if awaiting { (t.choice_confirm_true_match) } @else { (t.choice_true_match) } }
                    label { input type="radio" name="verdict" value="false_positive" checked[intent == "false_positive"]; " " (t.choice_false_positive) }
                    label { input type="radio" name="verdict" value="escalate" checked[intent == "escalate"]; " " (t.choice_escalate) }
                }
                label for="reason" { ((t.reason_label)(&s.name)) }
                textarea #reason name="reason" rows="3" required autofocus[!intent.is_empty()] {}
                div { button type="submit" id="record" { (t.record_decision) } }
            }
            p.keys { kbd { "t" } " " (t.true_match) " · " kbd { "f" } " " (t.false_positive) " · " kbd { "e" } " " (t.escalate) }
        }
    }
}

/// The alert page.
pub(crate) fn render(cx: &Ctx, v: &AlertView, s: &Session) -> Markup {
    let t = cx.t();
    let body = html! {
        p { a href="/ui/queue" { "← " (t.nav_queue) } }
        h1 { (t.alert) ": " (v.row.subject_label) " × " (v.entity.as_ref().and_then(|e| e.names.first()).map_or(v.row.entity_id.as_str(), |n| n.full.as_str())) }
        div.side { (subject_card(cx, v)) (entity_card(cx, v)) }
        (explanation(cx, v))
        (decide_form(cx, v, s))
        h2 { (t.history) }
        (decision_table(cx, &v.decisions))
    };
    page(cx, t.alert, Some(s), Nav::Queue, body)
}
