//! The analyst's web UI under `/ui`: sign in with a review or admin key, work through the alert
//! queue, open an alert, decide it, screen a name as you type. Server-rendered HTML (maud
//! escapes every value), one CSS file and two small scripts (keyboard navigation; the screen
//! page's results as you type), all compiled into the binary; a Content Security Policy forbids
//! inline scripts and anything from another site. English and Turkish (`i18n`, `messages`).
//!
//! | route | what |
//! |---|---|
//! | `GET /ui/login`, `POST /ui/login` | sign in with an API key (review or admin role) |
//! | `POST /ui/logout` | sign out |
//! | `GET /ui/lang?to=&back=` | the language switch: sets the language cookie, goes back |
//! | `GET /ui/queue` | the alert queue: filters, counts per state, pages |
//! | `GET /ui/alert?subject=&entity=` | one alert; `POST /ui/alert/decide` records a decision |
//! | `GET /ui/subject?key=` | a subject's alerts and decisions |
//! | `GET /ui/lists` | the list versions in the store, and their differences |
//! | `GET /ui/screen?name=&dob=&nationality=&type=` | screen a name; `GET /ui/screen/results` answers the results list alone (as you type) |

mod alert_page;
mod alerts;
mod assets;
mod guard;
mod handlers;
mod i18n;
mod messages;
mod pages;
mod queue;
mod screen;
mod screen_page;
mod session;
mod touched;
mod view;

use std::sync::{Arc, Mutex};

use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use crate::AppState;

/// The UI's settings (the `[ui]` table of the configuration file).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiOptions {
    /// A true match needs a second reviewer (another key's name) to confirm it.
    #[serde(default)]
    pub four_eyes: bool,
    /// How long a session lasts, in minutes (default 480: a working day).
    #[serde(default)]
    pub session_minutes: Option<u64>,
    /// Mark the session cookie `Secure`: set it when the UI is served over TLS (a proxy that
    /// sends `X-Forwarded-Proto: https` has the same effect).
    #[serde(default)]
    pub secure_cookies: bool,
}

impl UiOptions {
    pub(crate) fn session_lifetime(&self) -> std::time::Duration {
        std::time::Duration::from_secs(60 * self.session_minutes.unwrap_or(480).max(1))
    }
}

/// What the UI keeps between requests.
#[derive(Default)]
pub(crate) struct UiState {
    sessions: session::Sessions,
    alerts: Mutex<alerts::AlertCache>,
    updates: touched::UpdateCache,
}

/// The `/ui` routes (merged into the server's router).
pub(crate) fn router(state: Arc<AppState>) -> Router<Arc<AppState>> {
    let signed_in = Router::new()
        .route("/ui/queue", get(handlers::queue))
        .route("/ui/alert", get(handlers::alert))
        .route("/ui/alert/decide", post(handlers::decide))
        .route("/ui/subject", get(handlers::subject))
        .route("/ui/lists", get(handlers::lists))
        .route("/ui/audit", get(handlers::audit))
        .route("/ui/audit.csv", get(handlers::audit_csv))
        .route("/ui/screen", get(screen::page))
        .route("/ui/screen/results", get(screen::results))
        .route("/ui/logout", post(handlers::logout))
        .route_layer(axum::middleware::from_fn(guard::render_errors))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::signed_in,
        ));
    Router::new()
        .route("/ui", get(handlers::home))
        .route("/ui/", get(handlers::home))
        .route("/ui/login", get(handlers::login_form).post(handlers::login))
        .route("/ui/lang", get(handlers::switch_language))
        .route("/ui/assets/{file}", get(assets::serve))
        .merge(signed_in)
        .layer(axum::middleware::map_response(guard::security_headers))
}
