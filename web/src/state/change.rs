//! The one funnel for changes. Every change to the session is declared by its [`Change`]
//! kind; this table alone says what is recomputed ([`Work`]) and which pictures are
//! redrawn ([`Redraw`]). Handlers never bump a counter or set a flag themselves, and a
//! painter subscribes to the pictures it draws (`AppState::watch`).

/// What kind of change was made to the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// A parameter the trainers take live, such as the learning rate: no reset.
    Live,
    /// The weights moved: training, a typed weight or bias, loaded weights, a walked step.
    Weights,
    /// The points changed: one added or removed by a click (the network stays).
    Data,
    /// The shown network changed shape, or another run's network is shown.
    Shape,
    /// The set of runs was built anew: a reset, new settings, a comparison.
    Runs,
    /// What is on the page changed (a view opened, discretize, the theme): nothing to
    /// recompute, the pictures are painted again.
    View,
}

/// Something recomputed after a change, before the pictures are painted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u16)]
pub enum Work {
    /// The trainers take the settings' learning rate (runs that compare rates keep theirs).
    Rate = 1,
    /// The trainers take the edited points; the loss surface's grid is computed anew.
    SyncData = 1 << 1,
    /// The figures and the loss chart start again from the run's first point.
    Figures = 1 << 2,
    /// The figures (loss, accuracy) are copied from the trainers.
    Stats = 1 << 3,
    /// Each run's place on the loss surface is noted.
    Paths = 1 << 4,
    /// The loss surface gets a slice through the shown run's weights if its slice no longer
    /// fits them.
    Reslice = 1 << 5,
    /// The walk-through walks its point again at the same step.
    Walk = 1 << 6,
    /// The walk-through walks its point again from the first step.
    RestartWalk = 1 << 7,
    /// The hovered neuron is forgotten (it may no longer exist).
    ClearHover = 1 << 8,
    /// The shown run's predictions over the grid (done in the next frame, once however
    /// many changes came).
    Predictions = 1 << 9,
    /// The other runs' predictions over the grid (next frame; a few times a second while
    /// training).
    RunPredictions = 1 << 10,
}

/// A picture painted again after a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Redraw {
    /// What is drawn of the shown network's structure: the diagram's neurons and controls,
    /// the lists of weights, the charts that follow the network.
    Network = 1,
    /// What the shown network computes: the neurons' heatmaps, the links, the boundary.
    Pictures = 1 << 1,
    /// The points over the plots, and their counts.
    Points = 1 << 2,
    /// A comparison's run panels.
    Runs = 1 << 3,
    /// The loss surface and the runs' paths on it.
    Surface = 1 << 4,
}

/// What one kind of change recomputes and redraws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Recomputed, in this order.
    pub work: &'static [Work],
    /// Painted again once the work is done.
    pub redraw: &'static [Redraw],
}

impl Change {
    /// Every kind.
    pub const ALL: [Change; 6] = [Change::Live, Change::Weights, Change::Data, Change::Shape, Change::Runs, Change::View];

    /// The table: what a change of this kind recomputes and redraws.
    pub const fn plan(self) -> Plan {
        use Redraw as R;
        use Work as W;
        match self {
            // The rate is in the walk-through's update (η).
            Change::Live => Plan { work: &[W::Rate, W::Walk], redraw: &[] },
            Change::Weights => Plan {
                work: &[W::Stats, W::Paths, W::Walk, W::Predictions, W::RunPredictions],
                redraw: &[R::Pictures, R::Runs, R::Surface],
            },
            // The losses and the surface are over the points; the walked point may be gone.
            Change::Data => Plan { work: &[W::SyncData, W::Stats, W::Walk], redraw: &[R::Points, R::Runs, R::Surface] },
            Change::Shape => Plan {
                work: &[W::ClearHover, W::Reslice, W::Stats, W::Paths, W::RestartWalk, W::Predictions, W::RunPredictions],
                redraw: &[R::Network, R::Pictures, R::Points, R::Runs, R::Surface],
            },
            Change::Runs => Plan {
                work: &[W::ClearHover, W::Figures, W::RestartWalk, W::Predictions, W::RunPredictions],
                redraw: &[R::Network, R::Pictures, R::Points, R::Runs, R::Surface],
            },
            Change::View => Plan { work: &[], redraw: &[R::Pictures, R::Runs, R::Surface] },
        }
    }
}

/// A set of [`Work`], as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkSet(u16);

impl WorkSet {
    /// Adds every item of a plan.
    pub fn add(&mut self, work: &[Work]) {
        work.iter().for_each(|w| self.0 |= *w as u16);
    }

    /// Whether `w` is in the set.
    pub fn has(self, w: Work) -> bool {
        self.0 & w as u16 != 0
    }

    /// Adds the items of `other` that wait for the next frame (the grid evaluations).
    pub fn add_deferred(&mut self, other: WorkSet) {
        self.0 |= other.0 & (Work::Predictions as u16 | Work::RunPredictions as u16);
    }

    /// Takes `w` out; whether it was in.
    pub fn take(&mut self, w: Work) -> bool {
        let had = self.has(w);
        self.0 &= !(w as u16);
        had
    }
}

/// A set of [`Redraw`], as bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RedrawSet(u8);

impl RedrawSet {
    /// Adds every picture of a plan.
    pub fn add(&mut self, redraw: &[Redraw]) {
        redraw.iter().for_each(|r| self.0 |= *r as u8);
    }

    /// Whether `r` is in the set.
    pub fn has(self, r: Redraw) -> bool {
        self.0 & r as u8 != 0
    }

    /// Takes `r` out; whether it was in.
    pub fn take(&mut self, r: Redraw) -> bool {
        let had = self.has(r);
        self.0 &= !(r as u8);
        had
    }

    /// Whether nothing is in the set.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl Redraw {
    /// Every picture.
    pub const ALL: [Redraw; 5] = [Redraw::Network, Redraw::Pictures, Redraw::Points, Redraw::Runs, Redraw::Surface];

    /// Its place in a list of one item per picture.
    pub fn index(self) -> usize {
        (self as u8).trailing_zeros() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::{Change, Redraw, Work};
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn redraws(c: Change, r: Redraw) -> bool {
        c.plan().redraw.contains(&r)
    }

    #[test]
    fn each_change_redraws_what_shows_it() {
        // A reset (a new set of runs) repaints the surface; showing another run redraws
        // the diagram; a data edit recomputes the surface and the walk-through; a shape
        // change restarts the walk-through.
        assert!(redraws(Change::Runs, Redraw::Surface));
        assert!(redraws(Change::Shape, Redraw::Network) && redraws(Change::Shape, Redraw::Pictures));
        assert!(redraws(Change::Data, Redraw::Surface) && Change::Data.plan().work.contains(&Work::SyncData));
        assert!(Change::Data.plan().work.contains(&Work::Walk));
        assert!(Change::Shape.plan().work.contains(&Work::RestartWalk) && Change::Runs.plan().work.contains(&Work::RestartWalk));
        // Anything that moves what the network computes repaints its pictures.
        for c in [Change::Weights, Change::Shape, Change::Runs] {
            assert!(redraws(c, Redraw::Pictures) && c.plan().work.contains(&Work::Predictions), "{c:?}");
        }
    }

    #[test]
    fn pictures_index_a_list_of_one_per_picture() {
        let idx: Vec<usize> = Redraw::ALL.iter().map(|r| r.index()).collect();
        assert_eq!(idx, vec![0, 1, 2, 3, 4]);
    }
}
