//! The stage: what the first screen shows for the state there is. A lesson, or any link, has
//! a focus (the views it opens, and a comparison's runs beside their shared loss chart); the
//! page's layout places the focus in the first screen and moves the rest below it.

use super::state::OpenViews;
use neuroplay::lessons::View;

/// Which layout the first screen takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The playground alone: data, network, boundary and loss chart.
    Play,
    /// The walk-through beside its diagram.
    Walk,
    /// The runs side by side at equal size, with the shared loss chart.
    Compare,
    /// The open views beside the boundary they explain.
    View,
}

impl Stage {
    /// The class on the page that picks the layout.
    pub fn class(self) -> &'static str {
        match self {
            Stage::Play => "stage-play",
            Stage::Walk => "stage-walk",
            Stage::Compare => "stage-compare",
            Stage::View => "stage-view",
        }
    }
}

/// What the first screen is about: its layout and the views it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Focus {
    /// The layout.
    pub stage: Stage,
    /// The views on the stage (every open one).
    pub views: OpenViews,
    /// How many views are on the stage.
    pub count: usize,
}

/// The focus of a state: its open views, and whether runs are compared. A comparison comes
/// first (no single run stands for all of them), then the walk-through, then any other view.
pub fn focus(open: OpenViews, comparing: bool) -> Focus {
    let count = View::ALL.iter().filter(|v| open.has(**v)).count();
    let stage = if comparing {
        Stage::Compare
    } else if open.has(View::Walk) {
        Stage::Walk
    } else if count > 0 {
        Stage::View
    } else {
        Stage::Play
    };
    Focus { stage, views: open, count }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuroplay::lessons::LESSONS;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn nothing_open_is_the_playground() {
        assert_eq!(focus(OpenViews::default(), false).stage, Stage::Play);
    }

    #[test]
    fn a_comparison_takes_the_stage_with_its_views() {
        let f = focus(OpenViews::of(&[View::LossSurface]), true);
        assert_eq!((f.stage, f.count), (Stage::Compare, 1));
        assert!(f.views.has(View::LossSurface));
    }

    #[test]
    fn the_walk_through_shares_the_screen_with_its_diagram() {
        assert_eq!(focus(OpenViews::of(&[View::Walk, View::Activations]), false).stage, Stage::Walk);
    }

    #[test]
    fn another_view_stands_beside_the_boundary() {
        assert_eq!(focus(OpenViews::of(&[View::GradNorms]), false).stage, Stage::View);
    }

    #[test]
    fn every_lesson_has_the_stage_of_its_views_and_comparison() {
        for l in LESSONS {
            let comparing = l.settings.contains("compare=");
            let f = focus(OpenViews::of(l.views), comparing);
            let want = match (comparing, l.views) {
                (true, _) => Stage::Compare,
                (false, [View::Walk, ..]) => Stage::Walk,
                (false, []) => Stage::Play,
                (false, _) => Stage::View,
            };
            assert_eq!(f.stage, want, "{}", l.id);
            assert_eq!(f.count, l.views.len(), "{}", l.id);
        }
    }
}
