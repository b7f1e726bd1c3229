//! What the diagram is drawn from: the network's shape, its weights and biases as the
//! diagram's keyboard stops walk them, and what a screen reader says for each.

use neuroplay::data::Feature;
use neuroplay::engine::Activation;

/// One weight of the network: which layer, from which input (and the row it is drawn
/// at) to which neuron, and where it lives in the parameter vector.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LinkRef {
    pub(super) layer: usize,
    pub(super) from: usize,
    pub(super) from_row: usize,
    pub(super) to: usize,
    pub(super) index: usize,
}

impl LinkRef {
    /// The `data-testid` of the link's keyboard stop.
    pub(super) fn testid(&self) -> String {
        format!("link-{}-{}-{}", self.layer, self.from, self.to)
    }
}

/// One bias of the network: the neuron it belongs to and where it lives in the parameter
/// vector.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct BiasRef {
    pub(super) layer: usize,
    pub(super) neuron: usize,
    pub(super) index: usize,
}

impl BiasRef {
    /// The `data-testid` of the bias's keyboard stop.
    pub(super) fn testid(&self) -> String {
        format!("bias-{}-{}", self.layer, self.neuron)
    }
}

/// Every bias of a network, layer by layer (none for a layer without: bias=off, or batch
/// normalization's β in their place).
pub(super) fn biases_of(layers: &[neuroplay::engine::layer::Dense]) -> Vec<BiasRef> {
    layers
        .iter()
        .enumerate()
        .filter(|(_, d)| d.biases.len() == d.outputs)
        .flat_map(|(l, d)| (0..d.outputs).map(move |j| BiasRef { layer: l, neuron: j, index: d.biases.start + j }))
        .collect()
}

/// A weight or a bias: what a keyboard stop, the tooltip and the edit box are about. The
/// stops are numbered links first, then biases.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Param {
    Link(LinkRef),
    Bias(BiasRef),
}

impl Param {
    /// Where it lives in the parameter vector.
    pub(super) fn index(&self) -> usize {
        match self {
            Param::Link(l) => l.index,
            Param::Bias(b) => b.index,
        }
    }
}

/// The shape the diagram is drawn from.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Shape {
    pub(super) features: Vec<Feature>,
    pub(super) layers: Vec<usize>,
    pub(super) activations: Vec<Activation>,
    pub(super) outputs: usize,
    pub(super) version: u64,
    /// Only the features in use are drawn (presentation mode: a small network then grows
    /// to its panel instead of standing beside a column of seven unused inputs).
    pub(super) compact: bool,
}

impl Shape {
    /// Columns: the features, each hidden layer, the output.
    pub(super) fn cols(&self) -> usize {
        self.layers.len() + 2
    }

    /// Rows of the tallest column.
    pub(super) fn rows(&self) -> usize {
        let inputs = if self.compact { self.features.len() } else { Feature::ALL.len() };
        inputs.max(self.layers.iter().copied().max().unwrap_or(0)).max(self.outputs)
    }

    /// Every weight, layer by layer, in the order the arrow keys walk them.
    pub(super) fn links(&self, weight_index: impl Fn(usize, usize, usize) -> usize) -> Vec<LinkRef> {
        let mut sizes = vec![self.features.len()];
        sizes.extend(&self.layers);
        sizes.push(self.outputs);
        let mut links = Vec::new();
        for l in 0..sizes.len() - 1 {
            for from in 0..sizes[l] {
                let from_row = if l == 0 { self.input_row(from) } else { from };
                for to in 0..sizes[l + 1] {
                    links.push(LinkRef { layer: l, from, from_row, to, index: weight_index(l, from, to) });
                }
            }
        }
        links
    }

    /// What a screen reader says for a link.
    pub(super) fn describe(&self, link: &LinkRef) -> String {
        let from = match self.features.get(link.from) {
            Some(f) if link.layer == 0 => format!("from input {}", f.label()),
            _ => format!("from layer {} neuron {}", link.layer, link.from + 1),
        };
        let to = if link.layer == self.layers.len() {
            format!("to output {}", link.to + 1)
        } else {
            format!("to layer {} neuron {}", link.layer + 1, link.to + 1)
        };
        format!("Weight {from} {to}: Enter types a new one, arrow keys go to the next")
    }

    /// How the page names neuron `j` of layer `l` (the last is the output).
    pub(super) fn neuron_name(&self, l: usize, j: usize) -> String {
        if l == self.layers.len() {
            format!("output {}", j + 1)
        } else {
            format!("layer {} neuron {}", l + 1, j + 1)
        }
    }

    /// What a screen reader says for a bias.
    pub(super) fn describe_bias(&self, b: &BiasRef) -> String {
        format!("Bias of {}: Enter types a new one, arrow keys go to the next", self.neuron_name(b.layer, b.neuron))
    }

    /// The row input `i` of the network is drawn at. The features drawn (all seven, or in
    /// presentation the ones in use) are spread evenly down the tallest column: beside
    /// sixteen neurons two inputs stand at rows 4 and 12 and seven at rows 1, 3, 5, 8, 10,
    /// 12 and 14, so their labels stay apart however small the rows become.
    pub(super) fn input_row(&self, i: usize) -> usize {
        if self.compact {
            return spread(i, self.features.len(), self.rows());
        }
        let place = self.features.get(i).and_then(|f| Feature::ALL.iter().position(|x| x == f)).unwrap_or(i);
        spread(place, Feature::ALL.len(), self.rows())
    }

    /// The features drawn in the first column, each with its row and whether it is in use.
    pub(super) fn feature_rows(&self) -> Vec<(usize, Feature, bool)> {
        if self.compact {
            self.features.iter().enumerate().map(|(i, f)| (self.input_row(i), *f, true)).collect()
        } else {
            let rows = self.rows();
            Feature::ALL.iter().enumerate().map(|(k, f)| (spread(k, Feature::ALL.len(), rows), *f, self.features.contains(f))).collect()
        }
    }

    /// How many features' labels the first column shows.
    pub(super) fn labels(&self) -> usize {
        if self.compact {
            self.features.len()
        } else {
            Feature::ALL.len()
        }
    }
}

/// The row of the `i`-th of `n` things spread evenly down `rows` rows (`n` ≤ `rows`; with as
/// many rows as things, row `i`).
fn spread(i: usize, n: usize, rows: usize) -> usize {
    (2 * i + 1) * rows / (2 * n.max(1))
}

#[cfg(test)]
impl Shape {
    /// The course's 2-2-1 sigmoid network on x₁ and x₂, with every input drawn.
    pub(super) fn two_two_one() -> Shape {
        Shape {
            features: vec![Feature::X1, Feature::X2],
            layers: vec![2],
            activations: vec![Activation::Sigmoid],
            outputs: 1,
            version: 0,
            compact: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Shape;
    use neuroplay::data::Feature;
    use neuroplay::engine::Activation;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_weights_are_walked_layer_by_layer_from_each_inputs_own_row() {
        let sh = Shape {
            features: vec![Feature::X2, Feature::SinX1],
            layers: vec![3],
            activations: vec![Activation::Tanh],
            outputs: 1,
            version: 0,
            compact: false,
        };
        let links = sh.links(|l, i, j| 100 * l + 10 * i + j);
        assert_eq!(links.len(), 2 * 3 + 3);
        assert!(links.windows(2).all(|w| w[0].layer <= w[1].layer));
        assert_eq!((links[0].from_row, links[3].from_row), (1, 5), "x₂ and sin x₁ are the features' rows 1 and 5");
        assert_eq!((links[8].from_row, links[8].index, links[8].testid()), (2, 120, "link-1-2-0".to_string()));
        assert_eq!(sh.neuron_name(1, 0), "output 1");
    }

    #[test]
    fn presented_only_the_features_in_use_are_drawn_and_their_links_start_at_their_rows() {
        let full = Shape::two_two_one();
        let compact = Shape { compact: true, ..full.clone() };
        assert_eq!((full.rows(), compact.rows()), (Feature::ALL.len(), 2));
        assert_eq!(compact.feature_rows(), [(0, Feature::X1, true), (1, Feature::X2, true)]);
        assert_eq!(full.feature_rows().len(), Feature::ALL.len());
        let rows: Vec<_> = compact.links(|_, _, _| 0).iter().filter(|l| l.layer == 0).map(|l| l.from_row).collect();
        assert_eq!(rows, [0, 0, 1, 1]);
        // Beside a tall column the inputs in use spread down it, in order.
        let tall = Shape { layers: vec![16, 16], ..compact.clone() };
        assert_eq!(tall.feature_rows(), [(4, Feature::X1, true), (12, Feature::X2, true)]);
        let rows: Vec<_> = tall.links(|_, _, _| 0).iter().filter(|l| l.layer == 0).map(|l| l.from_row).collect();
        assert_eq!((rows[0], rows[16]), (4, 12));
        // All seven features beside sixteen neurons: spread too, two to three rows apart.
        let full_tall = Shape { compact: false, ..tall.clone() };
        let rows: Vec<usize> = full_tall.feature_rows().iter().map(|r| r.0).collect();
        assert_eq!(rows, [1, 3, 5, 8, 10, 12, 14]);
        assert_eq!(full_tall.input_row(1), 3, "x₂ is the second feature");
    }
}
