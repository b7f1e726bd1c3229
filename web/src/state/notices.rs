//! The notice area: one message at a time, the newest, with an optional one-click fix.

use super::AppState;
use leptos::prelude::*;

/// A message in the notice area, with an optional one-click fix.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// What happened, for a student.
    pub text: String,
    /// Offer the reset button.
    pub offer_reset: bool,
    /// Offer to divide the learning rate by 10 and reset.
    pub offer_lower_rate: bool,
    /// Offer to switch to the settings a model file was saved with, then load it: its
    /// name and bytes.
    pub offer_model: Option<(String, std::sync::Arc<Vec<u8>>)>,
}

impl Notice {
    /// A plain message.
    pub fn new(text: impl Into<String>) -> Notice {
        Notice { text: text.into(), offer_reset: false, offer_lower_rate: false, offer_model: None }
    }
}

impl AppState {
    /// Shows a message (it replaces the one before).
    pub fn say(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice::new(text)));
    }

    /// Shows a message with the reset button beside it.
    pub fn say_with_reset(&self, text: impl Into<String>) {
        self.notice.set(Some(Notice { offer_reset: true, ..Notice::new(text) }));
    }

    /// Shows why a run broke down, with the reset button and, when the rate is to blame,
    /// the one click that divides it by 10 and resets.
    pub fn say_breakdown(&self, text: impl Into<String>, rate_to_blame: bool) {
        self.notice.set(Some(Notice { offer_reset: true, offer_lower_rate: rate_to_blame, ..Notice::new(text) }));
    }

    /// Clears the notice area.
    pub fn dismiss(&self) {
        self.notice.set(None);
    }
}
