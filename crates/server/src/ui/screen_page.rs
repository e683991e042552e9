//! The screen page's HTML: the form, and the results list the script replaces as the analyst
//! types. Each hit shows what the alert page shows of it: the score and band, the list, the
//! listed and the matched name with the aligned tokens marked, and the engine's explanation.

use maud::{html, Markup};
use namesake_screening::ScreenedHit;

use crate::ui::alert_page::{aligned_tokens, highlighted, why};
use crate::ui::i18n::Ctx;
use crate::ui::screen::{Outcome, ScreenForm, ScreenResult, SubjectType};
use crate::ui::session::Session;
use crate::ui::view::{alert_url, band_badge, facts, page, url, Nav};

/// The whole page: the form, then the results.
pub(crate) fn render(cx: &Ctx, s: &Session, f: &ScreenForm, o: &Outcome) -> Markup {
    let t = cx.t();
    let body = html! {
        h1 { (t.screen_heading) }
        p.muted { (t.screen_intro) }
        form.filters #screen-form method="get" action="/ui/screen" role="search" aria-label=(t.subject) {
            label { (t.name)
                input #name name="name" type="search" value=(f.name) autocomplete="off" spellcheck="false" required autofocus; }
            label { (t.date_of_birth)
                input #dob name="dob" type="text" value=(f.dob) placeholder=(t.dob_placeholder) autocomplete="off" size="12"; }
            label { (t.nationality)
                input #nationality name="nationality" type="text" value=(f.nationality) placeholder=(t.nationality_placeholder) autocomplete="off" size="14"; }
            label { (t.subject_type_label) select #type name="type" {
                @for k in SubjectType::ALL {
                    option value=(k.as_str()) selected[f.kind == k] { ((t.subject_type)(k)) }
                }
            } }
            button type="submit" id="screen" { (t.screen_button) }
        }
        div #results aria-live="polite" { (results(cx, f, o)) }
        script src="/ui/assets/screen.js" defer {}
    };
    page(cx, t.nav_screen, Some(s), Nav::Screen, body)
}

/// The results list (the fragment `/ui/screen/results` answers).
pub(crate) fn results(cx: &Ctx, f: &ScreenForm, o: &Outcome) -> Markup {
    match o {
        Outcome::Empty => html! {
            p.muted #hint { (cx.t().screen_hint) }
        },
        Outcome::Refused { message, .. } => html! {
            p.error #refused role="alert" { (message) }
        },
        Outcome::Screened(r) => screened(cx, f, r),
    }
}

fn screened(cx: &Ctx, f: &ScreenForm, r: &ScreenResult) -> Markup {
    let t = cx.t();
    let versions: Vec<String> = r
        .versions
        .iter()
        .map(|v| match v.version {
            Some(id) => format!("{} {}", v.list, (t.version_n)(id)),
            None => v.list.clone(),
        })
        .collect();
    let threshold = format!("{:.2}", r.threshold);
    let name = f.name.trim();
    html! {
        p #summary {
            @if r.hits.is_empty() {
                ((t.no_hit_at)(&threshold, name))
            } @else {
                ((t.hits_for)(r.hits.len(), name))
                @if r.truncated { (t.the_best_ones) }
                ((t.threshold_is)(&threshold))
            }
            @if r.suppressed > 0 { " " ((t.left_out)(r.suppressed)) }
        }
        p.muted {
            (t.subject_key) " " a href=(url("/ui/subject", &[("key", &r.subject_key)])) { code { (r.subject_key) } }
            @if !versions.is_empty() { ((t.screened_against)(&versions.join(", "))) }
        }
        @for h in &r.hits { (hit_card(cx, h, r)) }
    }
}

fn hit_card(cx: &Ctx, sh: &ScreenedHit, r: &ScreenResult) -> Markup {
    let t = cx.t();
    let h = &sh.hit;
    let listed = aligned_tokens(Some(h), true);
    html! {
        section.card.hit {
            h2 {
                (highlighted(&h.name, &listed)) " "
                span.muted { (h.entity_id) }
            }
            p {
                span.score { (format!("{:.2}", h.score)) } " "
                (band_badge(cx, h.band))
                @if h.exact_name_floor { " " span.muted { (t.exact_name_floor) } }
            }
            dl {
                dt { (t.list) } dd { (h.list_name) " (" (h.list) ")" }
                dt { (t.matched_name) } dd { (highlighted(&h.matched_name, &listed)) }
                (facts(t.date_of_birth, &h.listed.dates_of_birth))
                (facts(t.nationality, &h.listed.nationalities))
                (facts(t.programmes, &h.listed.programs))
                @if !h.also_on.is_empty() {
                    dt { (t.also_listed) }
                    dd { (h.also_on.iter().map(|l| l.entity_id.as_str()).collect::<Vec<_>>().join(", ")) }
                }
            }
            @if let Some(x) = &h.explanation { (why(cx, x)) }
            @if r.alerts {
                p { a.alert-link href=(alert_url(&r.subject_key, &h.entity_id)) { (t.open_alert) } }
            }
        }
    }
}
