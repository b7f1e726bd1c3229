//! Edits by hand: points added or removed by a click, weights and biases typed on the
//! diagram, and files in (a CSV file's data, saved weights).

use super::{AppState, Change, Notice};
use leptos::prelude::*;
use neuroplay::config::page::{type_param, TYPED_LIMIT};
use neuroplay::data::{Point, Problem, DOMAIN};

/// Where the browser keeps the last imported CSV file.
const STORED_DATA: &str = "neuroplay-custom-data";

/// Loaded weights of a network with at most this many parameters travel in the link.
const LINKED_WEIGHTS: usize = 100;

impl AppState {
    /// Adds a point of the chosen class at (x1, x2) to the training set.
    pub fn add_point(&self, x1: f32, x2: f32) {
        let label = match self.settings.with_untracked(|s| s.problem()) {
            Problem::Regression => self.paint_class.get_untracked().clamp(-1.0, 1.0),
            p => self.paint_class.get_untracked().clamp(0.0, (p.classes() - 1) as f32).round(),
        };
        let (x1, x2) = (x1.clamp(-DOMAIN, DOMAIN), x2.clamp(-DOMAIN, DOMAIN));
        let p = Point { x1, x2, label };
        self.session.update_value(|s| s.train_points.push(p));
        self.settings.update(|s| s.edits.add(p));
        self.change(Change::Data);
    }

    /// Removes the point (training or shown test point) nearest to (x1, x2).
    pub fn remove_point(&self, x1: f32, x2: f32) {
        let show_test = self.view.with_untracked(|v| v.show_test);
        let removed = self.session.try_update_value(|s| {
            let d = |p: &Point| (p.x1 - x1).powi(2) + (p.x2 - x2).powi(2);
            let nearest = |points: &[Point]| points.iter().enumerate().map(|(i, p)| (d(p), i)).min_by(|a, b| a.0.total_cmp(&b.0));
            let best_test = show_test.then(|| nearest(&s.test_points)).flatten();
            match (nearest(&s.train_points), best_test) {
                (Some(a), Some(b)) if b.0 < a.0 => Some(s.test_points.remove(b.1)),
                (Some(a), _) if s.train_points.len() > 1 => Some(s.train_points.remove(a.1)),
                _ => None,
            }
        });
        if let Some(Some(p)) = removed {
            self.settings.update(|s| s.edits.remove(p));
            self.change(Change::Data);
        } else {
            self.say("The last training point stays: a network needs something to learn from.");
        }
    }

    /// Sets the weight from input `i` to neuron `j` of layer `l` (a user typed it).
    pub fn set_weight(&self, l: usize, i: usize, j: usize, text: &str) {
        let Some(value) = self.typed_number(text, "weight") else { return };
        let place = |net: &neuroplay::engine::Network| {
            let layer = net.layers().get(l)?;
            (i < layer.inputs && j < layer.outputs).then(|| layer.weight_index(i, j))
        };
        self.type_param(place, value);
    }

    /// Sets the bias of neuron `j` of layer `l` (a user typed it); a layer without biases
    /// (bias=off, or batch normalization's β in their place) changes nothing and says so.
    pub fn set_bias(&self, l: usize, j: usize, text: &str) {
        let Some(value) = self.typed_number(text, "bias") else { return };
        let place = |net: &neuroplay::engine::Network| {
            let layer = net.layers().get(l)?;
            let k = layer.biases.start + j;
            (j < layer.outputs && layer.biases.contains(&k)).then_some(k)
        };
        if !self.type_param(place, value) {
            self.say("That neuron has no bias to set (biases are off, or batch normalization shifts it instead).");
        }
    }

    /// Puts a typed value at the parameter `place` finds in the shown network: the figures
    /// are evaluated again, the link keeps it, and the funnel hears of new weights. False
    /// when there is no such parameter.
    fn type_param(&self, place: impl FnOnce(&neuroplay::engine::Network) -> Option<usize>, value: f32) -> bool {
        let set = self.session.try_update_value(|s| {
            let k = place(s.trainer().network())?;
            s.trainer_mut().network_mut().params_mut()[k] = value;
            s.trainer_mut().refresh_stats();
            Some(k)
        });
        let Some(Some(k)) = set else { return false };
        self.settings.update(|s| type_param(&mut s.typed, k, value));
        self.change(Change::Weights);
        true
    }

    /// A typed weight or bias, if it is a number the page can use (else it says why).
    fn typed_number(&self, text: &str, what: &str) -> Option<f32> {
        match text.trim().parse::<f32>() {
            Ok(v) if v.is_finite() && (-TYPED_LIMIT..=TYPED_LIMIT).contains(&v) => Some(v),
            _ => {
                self.say(format!("'{}' is not a {what} the page can use: type a number from −100 to 100.", text.trim()));
                None
            }
        }
    }

    /// Imports a CSV file's bytes (read as the command line reads them): on success the
    /// data (kept in the browser's storage for the next visit) becomes `dataset=custom` and
    /// the network starts again on it, and the notice says how it was read where it could
    /// have been read another way; a broken file changes nothing and the notice names its
    /// first bad line.
    pub fn import_csv(&self, name: &str, bytes: &[u8]) {
        let parsed = neuroplay::formats::text::decode(bytes).and_then(|text| Ok((neuroplay::formats::csv::parse(&text)?, text)));
        match parsed {
            Err(e) => self.say(format!("{name} was not loaded — {e}. The data you had stays.")),
            Ok((data, text)) => {
                let rows = data.points.len();
                let notes: String = data.notes.iter().map(|n| format!(" {n}.")).collect();
                let mut next = self.settings.get_untracked();
                next.dataset = neuroplay::data::DatasetKind::Custom;
                next.classes = None;
                next.custom = Some(std::sync::Arc::new(data));
                if let Err(e) = next.validate() {
                    self.say(format!("{name} was not loaded — {e}."));
                    return;
                }
                store_custom(&text);
                self.running.set(false);
                self.apply(self.settings.get_untracked(), next);
                self.say(format!(
                    "Loaded {rows} points from {name}.{notes} The link says dataset=custom: whoever opens it needs this file too (this browser keeps it)."
                ));
            }
        }
    }

    /// Loads saved weights given as text (typed, or the textbook's) into the shown network;
    /// see [`load_weights_file`](Self::load_weights_file).
    pub fn load_weights(&self, name: &str, text: &str) {
        self.load_weights_file(name, text.as_bytes());
    }

    /// Loads saved weights (what Download weights or the command line's --save-weights
    /// wrote; a file's bytes, read as the command line reads them) into the shown network;
    /// anything that does not fit changes nothing.
    pub fn load_weights_file(&self, name: &str, bytes: &[u8]) {
        let model = match neuroplay::formats::model::parse_model_bytes(bytes) {
            Ok(m) => m,
            Err(e) => return self.say(format!("{name} was not loaded — {e}.")),
        };
        let result = self.session.try_update_value(|s| {
            let mut net = s.trainer().network().clone();
            neuroplay::formats::model::apply_model(&mut net, &model)?;
            let params = net.params().to_vec();
            s.trainer_mut().replace_network(net);
            Ok::<Vec<f32>, String>(params)
        });
        match result {
            Some(Ok(params)) => {
                self.change(Change::Weights);
                // A small network's loaded weights travel in the link as typed ones.
                let kept = params.len() <= LINKED_WEIGHTS && params.iter().all(|v| v.abs() <= TYPED_LIMIT);
                if kept {
                    self.settings.update(|s| s.typed = params.iter().copied().enumerate().collect());
                }
                let link =
                    if kept { " The link carries them." } else { " The link does not carry this many weights: share the file with it." };
                self.say(format!("Loaded the weights of {name}; training goes on from them.{link}"));
            }
            Some(Err(e)) if model.config.is_some() => self.notice.set(Some(Notice {
                offer_model: Some((name.to_string(), std::sync::Arc::new(bytes.to_vec()))),
                ..Notice::new(format!(
                    "{name} does not fit this network — {e}. The weights stay as they were; the model's own settings fit it."
                ))
            })),
            Some(Err(e)) => self.say(format!("{name} does not fit this network — {e}. The weights stay as they were.")),
            None => {}
        }
    }

    /// Switches to the settings a model file was saved with, then loads its weights.
    pub fn use_model(&self, name: &str, bytes: &[u8]) {
        let Ok(model) = neuroplay::formats::model::parse_model_bytes(bytes) else { return };
        let Some(config) = model.config.as_deref() else { return };
        match neuroplay::config::Settings::parse(config) {
            Ok(mut next) => {
                if let Some(data) = model.data.filter(|d| !d.points.is_empty()) {
                    next.custom = Some(std::sync::Arc::new(data));
                }
                self.running.set(false);
                self.apply(self.settings.get_untracked(), next);
                self.load_weights_file(name, bytes);
            }
            Err(e) => self.say(format!("{name}'s own settings do not load — {e}.")),
        }
    }
}

fn store_custom(text: &str) {
    if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.local_storage()) {
        // A full storage only means the data is not kept for next time.
        let _ = storage.set_item(STORED_DATA, text);
    }
}

/// The last imported data, if this browser kept it and it still reads.
pub(super) fn stored_custom() -> Option<std::sync::Arc<neuroplay::formats::csv::CustomData>> {
    let text = web_sys::window()?.local_storage().ok()??.get_item(STORED_DATA).ok()??;
    neuroplay::formats::csv::parse(&text).ok().map(std::sync::Arc::new)
}
