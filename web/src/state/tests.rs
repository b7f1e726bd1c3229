//! The funnel, end to end through the page's state: each kind of change recomputes what
//! depends on it and, once the frame loop has done its work, redraws the pictures that
//! show it.

use super::{AppState, Change, Redraw};
use crate::frame::{tick, Pace};
use leptos::prelude::*;
use neuroplay::config::Settings;
use neuroplay::lessons::View;
use wasm_bindgen_test::wasm_bindgen_test as test;

fn state(settings: &str) -> AppState {
    AppState::new(Settings::parse(settings).expect("test settings"), Vec::new())
}

/// Runs frames (paused) until nothing is left for the frame loop to do.
fn settle(st: AppState) {
    let mut pace = Pace::new();
    for n in 0..200 {
        pace = tick(st, pace, n);
        let idle = st.session.with_value(|s| s.surface.progress().is_none() && s.redraw.is_empty() && !s.surface.needs_grid());
        if idle && n > 1 {
            return;
        }
    }
}

fn versions(st: AppState) -> Vec<u64> {
    Redraw::ALL.iter().map(|r| st.version(*r)).collect()
}

#[test]
fn every_kind_of_change_redraws_its_pictures_once_the_frame_did_its_work() {
    let st = state("layers=3");
    st.set_open(View::LossSurface, true);
    settle(st);
    for kind in Change::ALL {
        let before = versions(st);
        st.change(kind);
        assert_eq!(versions(st), before, "{kind:?}: nothing is painted before the frame's work is done");
        settle(st);
        let after = versions(st);
        for (r, (b, a)) in Redraw::ALL.iter().zip(before.iter().zip(&after)) {
            let due = kind.plan().redraw.contains(r);
            assert!(!due || a > b, "{kind:?} must redraw {r:?}");
        }
    }
}

#[test]
fn a_reset_repaints_the_loss_surface_from_a_new_grid() {
    let st = state("layers=3");
    st.set_open(View::LossSurface, true);
    settle(st);
    st.step();
    settle(st);
    let (painted, grid) = (st.version(Redraw::Surface), st.session.with_value(|s| s.surface.version));
    st.reset();
    assert!(st.session.with_value(|s| s.surface.needs_grid() || s.surface.progress().is_some()), "the new session needs a grid");
    settle(st);
    assert!(st.version(Redraw::Surface) > painted, "the surface is painted again");
    assert!(st.session.with_value(|s| s.surface.grid.len() == s.surface.n * s.surface.n), "with a whole grid");
    let _ = grid;
}

#[test]
fn showing_another_run_redraws_the_diagram_with_that_runs_network() {
    let st = state("compare=batchnorm:off,on&layers=4");
    settle(st);
    let before = st.version(Redraw::Network);
    let params = |st: AppState| st.session.with_value(|s| s.trainer().network().params().len());
    let first = params(st);
    st.show_run(1);
    assert_eq!(st.shown_run.get_untracked(), 1);
    assert_ne!(params(st), first, "the shown network is run 2's (batch normalization adds γ and β)");
    settle(st);
    assert!(st.version(Redraw::Network) > before, "the diagram is rebuilt for it");
    assert!(st.session.with_value(|s| !s.predictions().is_empty()), "and its pictures computed");
}

#[test]
fn a_data_edit_recomputes_the_surface_and_the_walk_through() {
    let st = state("layers=3");
    st.set_open(View::LossSurface, true);
    settle(st);
    st.walk_point(5);
    let walked = st.walk.get_untracked().expect("a walk").point;
    let (points, surface) = (st.version(Redraw::Points), st.version(Redraw::Surface));
    st.remove_point(walked.x1, walked.x2);
    let now = st.walk.get_untracked().expect("still a walk");
    let fifth = st.session.with_value(|s| s.train_points[5]);
    assert_eq!(now.point, fifth, "the walk-through walks what is now training point 5");
    assert_ne!(now.point, walked, "the removed point is no longer walked");
    assert!(st.session.with_value(|s| s.surface.needs_grid()), "the surface is computed anew over the points left");
    settle(st);
    assert!(st.version(Redraw::Points) > points && st.version(Redraw::Surface) > surface);
}

#[test]
fn a_shape_change_restarts_the_walk_through_on_the_new_network() {
    let st = state("layers=3");
    st.walk_point(0);
    st.walk_step(4);
    assert_eq!(st.walk.get_untracked().map(|w| w.at), Some(4));
    let before = st.version(Redraw::Network);
    st.set_setting("layers", "2,2");
    let w = st.walk.get_untracked().expect("the walk goes on");
    assert_eq!(w.at, 0, "from its first step");
    let params = st.session.with_value(|s| s.trainer().network().params().len());
    assert_eq!(w.walk.after.len(), params, "through the new network");
    settle(st);
    assert!(st.version(Redraw::Network) > before);
}

#[test]
fn a_typed_weight_moves_the_pictures_the_figures_and_the_walk() {
    let st = state("layers=3");
    st.walk_point(0);
    st.walk_step(2);
    settle(st);
    let (pictures, predictions, loss) =
        (st.version(Redraw::Pictures), st.session.with_value(|s| s.predictions().to_vec()), st.stats.get_untracked().train_loss);
    let walk = st.walk.get_untracked().expect("a walk");
    st.set_weight(0, 0, 0, "7.5");
    assert_ne!(st.stats.get_untracked().train_loss, loss, "the figures are the new network's");
    let now = st.walk.get_untracked().expect("a walk");
    assert_eq!(now.at, 2, "the walk stays at its step");
    assert_ne!(now.walk.before, walk.walk.before, "with the typed weight in it");
    settle(st);
    assert!(st.version(Redraw::Pictures) > pictures);
    assert_ne!(st.session.with_value(|s| s.predictions().to_vec()), predictions, "the boundary is recomputed");
}

#[test]
fn what_a_key_affects_decides_what_a_settings_change_rebuilds() {
    let st = state("lesson=bias&dataset=xor&layers=4");
    st.step();
    st.step();
    let epoch = || st.stats.get_untracked().epoch;
    assert_eq!(epoch(), 2);
    st.close_lesson();
    assert_eq!(epoch(), 2, "closing the caption keeps the run");
    st.set_setting("lr", "0.1");
    assert_eq!(epoch(), 2, "the rate changes live");
    assert!(st.session.with_value(|s| s.trainer().learning_rate() > 0.09));
    let points = st.session.with_value(|s| s.train_points.clone());
    st.set_setting("optimizer", "adam");
    assert_eq!(epoch(), 0, "another optimizer starts again");
    assert_eq!(st.session.with_value(|s| s.train_points.clone()), points, "on the same points");
    st.set_setting("seed", "9");
    assert_ne!(st.session.with_value(|s| s.train_points.clone()), points, "a new seed draws new points");
}

#[test]
fn training_pauses_at_the_epoch_the_link_asks_for_and_goes_on_when_played() {
    let st = state("layers=3&until=50");
    st.speed.set(super::Speed::Epochs(25));
    st.running.set(true);
    let mut pace = Pace::new();
    for n in 0..10 {
        pace = tick(st, pace, n);
    }
    assert!(!st.running.get_untracked(), "paused");
    assert_eq!(st.stats.get_untracked().epoch, 50, "at exactly epoch 50, though 25 epochs a frame overshoot it");
    st.toggle_play();
    tick(st, pace, 10);
    assert!(st.running.get_untracked() && st.stats.get_untracked().epoch > 50, "play goes on past it");
}

#[test]
fn the_next_and_previous_lesson_follow_the_course() {
    use neuroplay::lessons::LESSONS;
    let st = state("layers=3");
    st.next_lesson(1);
    assert_eq!(st.settings.get_untracked().lesson, Some(LESSONS[0].id), "from no lesson, the first");
    st.next_lesson(1);
    st.next_lesson(1);
    assert_eq!(st.settings.get_untracked().lesson, Some(LESSONS[2].id));
    st.next_lesson(-1);
    let second = st.settings.get_untracked();
    assert_eq!(second.lesson, Some(LESSONS[1].id));
    assert_eq!(second, Settings::parse(LESSONS[1].settings).unwrap(), "with its whole setup");
    let views = st.view.get_untracked().open;
    assert!(LESSONS[1].views.iter().all(|v| views.has(*v)), "and its views");
}

#[test]
fn a_lessons_id_alone_is_its_whole_setup_and_more_keys_are_read_as_written() {
    use super::link::settings_from_link;
    let lesson = neuroplay::lessons::find("backprop").unwrap();
    let (s, notes) = settings_from_link("lesson=backprop");
    assert!(notes.is_empty());
    assert_eq!(s, Settings::parse(lesson.settings).unwrap());
    let (s, _) = settings_from_link("lesson=backprop&lr=0.5");
    assert_eq!((s.lesson, s.lr, s.layers.clone()), (Some("backprop"), 0.5, Settings::default().layers), "a written link is what it says");
}

#[test]
fn the_link_reopens_to_what_the_person_did() {
    let st = state("layers=3&points=200");
    let count = |st: AppState| st.session.with_value(|s| (s.train_points.len(), s.test_points.len()));
    let seeded = count(st);
    st.add_point(1.5, -2.0);
    st.add_point(-3.0, 0.5);
    let gone = st.session.with_value(|s| s.train_points[4]);
    st.remove_point(gone.x1, gone.x2);
    st.set_weight(0, 1, 2, "2.5");
    st.set_bias(1, 0, "-0.75");
    st.set_open(View::LossSurface, true);
    st.walk_point(7);
    st.walk_step(3);
    let link = st.link().to_string();
    let again = state(&link);
    assert_eq!(count(again), (seeded.0 + 1, seeded.1), "two points added and one removed: {link}");
    assert!(!again.session.with_value(|s| s.train_points.contains(&gone)), "the removed point stays away");
    let param = |st: AppState, l: usize, k: usize| st.session.with_value(|s| s.trainer().network().layer_weights(l)[k].clone());
    assert_eq!(param(again, 0, 2)[1], 2.5, "the typed weight (into h1.3 from x2)");
    assert_eq!(again.session.with_value(|s| s.trainer().network().layer_biases(1)[0]), -0.75, "and the typed bias");
    assert_eq!(param(again, 0, 2), param(st, 0, 2), "the same network");
    let views = again.view.get_untracked().open;
    assert!(views.has(View::LossSurface) && views.has(View::Walk), "the open views");
    let w = again.walk.get_untracked().expect("the walk-through");
    assert_eq!((w.index, w.at), (7, 3), "at the same point and step");
    assert_eq!(again.link().to_string(), link, "and it writes the same link");
}

#[test]
fn a_new_network_shape_drops_the_typed_weights_and_new_data_the_clicked_points() {
    let st = state("layers=3");
    st.add_point(1.0, 1.0);
    st.set_weight(0, 0, 0, "1");
    st.set_setting("optimizer", "adam");
    assert_eq!((st.link().typed.len(), st.link().edits.len()), (1, 1), "another optimizer keeps both");
    st.set_setting("layers", "4");
    assert!(st.link().typed.is_empty() && st.link().edits.len() == 1, "another shape, other weights");
    st.set_setting("noise", "10");
    assert!(st.link().edits.is_empty(), "other data, other points");
}

#[test]
fn every_runs_gradient_norms_are_kept_from_the_first_epoch_whether_or_not_the_chart_is_open() {
    let st = state("compare=activation:sigmoid,relu&layers=3,3");
    assert!(!st.is_open(View::GradNorms));
    for _ in 0..3 {
        st.step();
    }
    st.set_open(View::GradNorms, true);
    st.session.with_value(|s| {
        for r in &s.runs {
            let epochs: Vec<usize> = r.norms.iter().map(|p| p.0).collect();
            assert_eq!(epochs, vec![1, 2, 3], "{}", r.label);
            assert_eq!(r.norms[0].1.len(), 3, "one norm per weight matrix");
        }
    });
}

#[test]
fn a_lesson_with_only_how_to_show_it_is_the_lessons_whole_setup_shown_that_way() {
    use super::link::settings_from_link;
    let lesson = neuroplay::lessons::find("learning-rate").unwrap();
    let (s, notes) = settings_from_link("lesson=learning-rate&present=1&play=1");
    assert!(notes.is_empty(), "{notes:?}");
    let whole = Settings::parse(lesson.settings).unwrap();
    assert_eq!((s.compare.clone(), s.layers.clone()), (whole.compare.clone(), whole.layers.clone()), "the lesson's comparison and network");
    assert!(s.present && s.play);
    let (s, _) = settings_from_link("lesson=learning-rate&layers=3");
    assert!(s.compare.is_empty() && s.layers == vec![3], "a key of the run makes the link what it says");
}
