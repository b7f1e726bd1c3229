//! The gallery of lessons: the course as a sequence of links. Each lesson is data — a
//! settings string (which names the lesson with `lesson=<id>`), a short explanation,
//! something to try and a question for the class — and the views it opens. Nothing else
//! in the code knows what a lesson says.

/// Declares the views: one row each, in the order of the views bar and the page, with the
/// name used in links and test ids, the views bar's label and its toggle's test id. (The
/// component that draws each is the page's `views::panel`, a match the compiler checks.)
macro_rules! views {
    ($($(#[$doc:meta])* $var:ident => $name:literal, $label:literal, $toggle:literal;)+) => {
        /// A view a lesson opens beside the usual ones.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum View { $($(#[$doc])* $var,)+ }

        impl View {
            /// Every view, in the order of the views bar.
            pub const ALL: &'static [View] = &[$(View::$var,)+];

            /// Name, label and toggle id.
            fn row(self) -> (&'static str, &'static str, &'static str) {
                match self { $(View::$var => ($name, $label, $toggle),)+ }
            }
        }
    };
}

views! {
    /// Backpropagation step by step on one point.
    Walk => "walk", "Walk-through", "walk";
    /// One neuron with its weights, bias, sum and activation; the perceptron rule.
    Perceptron => "perceptron", "Perceptron", "view-perceptron";
    /// Each layer's activation and its derivative over the distribution of its sums.
    Activations => "activations", "Activations", "view-activations";
    /// Each layer's gradient norm over the epochs, and its weights.
    GradNorms => "grad-norms", "Gradients", "view-grad-norms";
    /// The loss over two weights (or a slice), with each run's path.
    LossSurface => "loss-surface", "Loss surface", "view-loss-surface";
    /// The learning-rate range test.
    LrFinder => "lr-finder", "LR finder", "view-lr-finder";
}

impl View {
    /// The name used in test ids and the page.
    pub fn name(self) -> &'static str {
        self.row().0
    }

    /// What the views bar calls it.
    pub fn label(self) -> &'static str {
        self.row().1
    }

    /// The `data-testid` of its toggle.
    pub fn toggle_id(self) -> &'static str {
        self.row().2
    }
}

/// One lesson.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lesson {
    /// The id in `lesson=<id>`.
    pub id: &'static str,
    /// The title in the gallery.
    pub title: &'static str,
    /// The whole setup; it contains `lesson=<id>`.
    pub settings: &'static str,
    /// What the lesson shows, in a few sentences (the caption in presentation mode).
    pub explain: &'static str,
    /// What to change, and what will happen.
    pub try_this: &'static str,
    /// A question to ask the class.
    pub ask: &'static str,
    /// The views it opens.
    pub views: &'static [View],
}

/// Every lesson, in the order of the course.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        id: "perceptron",
        title: "The perceptron: a line in the plane",
        settings: "lesson=perceptron&dataset=gauss&layers=&lr=0.1",
        explain: "A single neuron computes w₁x₁ + w₂x₂ + b and answers by the sign of that sum, so it splits the plane with one straight line. The perceptron rule moves the line after every mistake: w ← w + η(t − ŷ)x.",
        try_this: "Step through the rule and watch the line move after each mistake. Then switch the dataset to exclusive or.",
        ask: "On exclusive or the mistakes never stop. Why can no single line separate those four quadrants?",
        views: &[View::Perceptron],
    },
    Lesson {
        id: "linear",
        title: "Why non-linear activations",
        settings: "lesson=linear&dataset=xor&layers=8,8,8&activation=linear&optimizer=adam&lr=0.01&discretize=1",
        explain: "Three hidden layers with the identity as activation: each layer is a matrix, and a product of matrices is one matrix. However deep, the network is still a single linear map, so its boundary is a straight line.",
        try_this: "Train it, then change the activation to tanh or ReLU and train again.",
        ask: "What exactly does the activation function add that extra linear layers cannot?",
        views: &[View::Activations],
    },
    Lesson {
        id: "bias",
        title: "The bias",
        settings: "lesson=bias&dataset=circle&layers=6&activation=tanh&bias=off&optimizer=adam&lr=0.03",
        explain: "Without biases every tanh neuron's line passes through the origin, and the whole network computes an odd function: f(−x) = −f(x). The circle's classes are the same at x and −x, so this network cannot learn them.",
        try_this: "Train it, then turn biases on (bias=on) and train again.",
        ask: "Which other datasets could a network without biases still learn, and why?",
        views: &[],
    },
    Lesson {
        id: "activations",
        title: "Activation functions and their derivatives",
        settings: "lesson=activations&dataset=spiral&layers=8,8,8&activation=sigmoid&optimizer=adam&lr=0.01",
        explain: "Backpropagation multiplies by each activation's derivative. The sigmoid's derivative is at most ¼ and almost 0 where the sum is large; tanh's is at most 1; ReLU's is 1 for every positive sum. The plots show each layer's sums under its activation: saturated neurons barely learn.",
        try_this: "Watch where the sums fall on the curves while training; then try tanh and ReLU.",
        ask: "Why does a saturated neuron learn so slowly, even when its answer is wrong?",
        views: &[View::Activations],
    },
    Lesson {
        id: "losses",
        title: "Losses: squared error against cross-entropy",
        settings: "lesson=losses&dataset=spiral&classes=3&layers=10,10&output=softmax&optimizer=adam&lr=0.01&until=300&compare=loss:mse,xent",
        explain: "Two runs from the same weights: softmax outputs trained on squared error, and on cross-entropy. Cross-entropy's gradient at the scores is simply ŷ − y; squared error's is damped by the softmax's own derivative when the network is confidently wrong. From these small starting weights neither run is far ahead.",
        try_this: "Compare the two loss curves and boundaries; note the loss values are on different scales.",
        ask: "Why does cross-entropy punish a confident wrong answer so much harder?",
        views: &[],
    },
    Lesson {
        id: "learning-rate",
        title: "Gradient descent and the learning rate",
        settings: "lesson=learning-rate&dataset=circle&layers=4,2&optimizer=sgd&until=300&compare=lr:0.003,0.3,10",
        explain: "Three runs of gradient descent from the same start. Too small a rate crawls; a good one descends; too large a step overshoots the valley, so the loss jumps about instead of falling and the page stops the run as unstable.",
        try_this: "Open the loss surface to see the paths, or run the learning-rate finder.",
        ask: "If the loss were a simple bowl, what step size would overshoot its bottom?",
        views: &[View::LossSurface],
    },
    Lesson {
        id: "backprop",
        title: "Backpropagation by hand",
        settings: "lesson=backprop&dataset=xor&features=x1,x2&layers=2&activation=sigmoid&output=sigmoid&bias=off&loss=mse&lr=1&batch=1",
        explain: "The textbook network: two inputs, two sigmoid hidden units, one sigmoid output, no biases, E = ½(t − o)² and η = 1. Pick a point and step: forward, the loss, each δ, each gradient as a product of its factors, then the update.",
        try_this: "Press Textbook example in the walk-through (the course's weights w1 = 0.14, w2 = 0.19, w3 = 0.24, w4 = 0.29 and w5 = 0.35, w6 = 0.40, the input (0.05, 0.10), target 0.1: w5 becomes 0.2896), or type weights into the links; check every number by hand.",
        ask: "Why is an output neuron's δ the error times σ′, and a hidden neuron's the weighted sum of the δs after it times σ′?",
        views: &[View::Walk],
    },
    Lesson {
        id: "batch-size",
        title: "Batch, minibatch and per-example descent",
        settings: "lesson=batch-size&dataset=spiral&layers=8,8&optimizer=sgd&lr=0.03&until=100&compare=batch:1,10,250",
        explain: "The same network with one example per step, ten, and the whole training set (250). Per-example steps are many and noisy; full-batch steps are few and exact; minibatches trade between them.",
        try_this: "Compare the curves by epoch: which falls fastest per epoch, and which is smoothest?",
        ask: "Per epoch the full batch takes one step and batch 1 takes 250. Which does more work, and which makes more progress?",
        views: &[],
    },
    Lesson {
        id: "momentum",
        title: "Momentum and Nesterov",
        settings: "lesson=momentum&dataset=spiral&layers=8,8&optimizer=sgd&lr=0.01&until=300&compare=optimizer:sgd,momentum,nesterov",
        explain: "Momentum keeps a velocity v ← μv + g and steps along it, so steps add up along a consistent direction and cancel across a zig-zag. Nesterov's variant looks ahead along the velocity before taking the gradient.",
        try_this: "Watch the three paths on the loss surface, then raise μ to 0.99.",
        ask: "With μ = 0.9, how many times larger than one gradient step can a steady step become?",
        views: &[View::LossSurface],
    },
    Lesson {
        id: "adaptive",
        title: "Adaptive optimizers: Adagrad, RMSProp, Adadelta, Adam",
        settings: "lesson=adaptive&dataset=spiral&layers=8,8&until=300&compare=optimizer:adagrad,rmsprop,adadelta,adam;lr:0.03,0.01,1,0.01",
        explain: "Each gives every weight its own step by dividing by a running size of its gradients: Adagrad by the sum of all squares so far, RMSProp by a moving average, Adadelta in the units of the weights themselves, Adam by a moving average with momentum and a bias correction.",
        try_this: "Compare the curves; then give all four the same learning rate.",
        ask: "Adagrad's steps only ever shrink. When is that good, and when does it stall?",
        views: &[],
    },
    Lesson {
        id: "schedules",
        title: "Learning-rate schedules",
        settings: "lesson=schedules&dataset=spiral&layers=8,8&optimizer=sgd&lr=0.3&decay=0.5&decayEvery=100&period=100&until=400&compare=schedule:constant,step,cosine",
        explain: "A large rate makes fast early progress but rattles near the bottom. Step decay halves it every 100 epochs; cosine annealing lowers it smoothly over 100 epochs and starts again. Late on, the constant rate's loss still jumps about from epoch to epoch, many times more than step decay's.",
        try_this: "Compare the loss curves late in training; try exponential decay and cyclical rates.",
        ask: "Why lower the rate as training goes on, rather than starting small?",
        views: &[],
    },
    Lesson {
        id: "lr-finder",
        title: "Finding a learning rate",
        settings: "lesson=lr-finder&dataset=spiral&layers=8,8&optimizer=adam",
        explain: "The range test trains up to 200 minibatches with the rate growing exponentially from 0.00001 to 10 and plots the loss against the rate. A good rate lies where the loss falls fastest, well before it shoots up; the suggestion is a tenth of the rate at the lowest loss.",
        try_this: "Run the finder, use its suggestion, and train.",
        ask: "Why not simply take the rate where the loss was lowest?",
        views: &[View::LrFinder],
    },
    Lesson {
        id: "vanishing",
        title: "Vanishing gradients and initialisation",
        settings: "lesson=vanishing&dataset=spiral&layers=8,8,8,8,8,8,8,8&activation=sigmoid&optimizer=sgd&lr=0.1&until=100&compare=activation:sigmoid,relu;init:uniform,he",
        explain: "Eight sigmoid layers: on the way back each layer multiplies the gradient by σ′ ≤ ¼ and by its weights, so the first layer's gradient is hundreds of thousands of times smaller than the output layer's. ReLU with He initialisation keeps them within a factor of ten.",
        try_this: "Open gradient health and compare the first layer's norm with the last's in both runs.",
        ask: "What does He initialisation choose the spread of the weights to preserve?",
        views: &[View::GradNorms],
    },
    Lesson {
        id: "overfitting",
        title: "Overfitting and its cures",
        settings: "lesson=overfitting&dataset=circle&noise=40&points=300&train=30&val=20&layers=16,16,16&optimizer=adam&lr=0.01&until=200&compare=reg:none,l2,none;regRate:0,0.01,0;dropout:0,0,0.4",
        explain: "A big network on 90 noisy points learns the noise: its training loss keeps falling while the validation loss turns up. L2 shrinks the weights and dropout silences random neurons while training: both hold the validation loss well below the unregularised run's, though on so little data it still creeps up.",
        try_this: "Read the curves and the generalisation gap; then add points or noise and see who wins.",
        ask: "Why is the validation set, not the test set, the one to choose a cure with?",
        views: &[],
    },
    Lesson {
        id: "early-stopping",
        title: "Learning curves and early stopping",
        settings: "lesson=early-stopping&dataset=circle&noise=40&points=300&train=30&val=20&layers=16,16,16&optimizer=adam&lr=0.01&patience=50",
        explain: "Training stops when the validation loss has not improved for 50 epochs, and the weights of the best epoch come back. The chart marks the best epoch and the gap between training and validation losses.",
        try_this: "Change the patience; compare the test accuracy with and without early stopping.",
        ask: "Underfitting, overfitting or just right: how do the two curves tell them apart?",
        views: &[],
    },
    Lesson {
        id: "batchnorm",
        title: "Batch normalization",
        settings: "lesson=batchnorm&dataset=circle&layers=8,8,8,8,8,8,8,8&activation=sigmoid&optimizer=sgd&lr=0.1&batch=25&until=150&compare=batchnorm:off,on",
        explain: "Each hidden layer's sums are shifted and scaled to mean 0 and variance 1 over the minibatch, then given a learned scale γ and shift β. Kept out of the flat ends of the sigmoid, the signal survives eight layers; without it this network does not learn at all.",
        try_this: "Compare both runs; then try batch size 2 and see the normalisation get noisy.",
        ask: "Why does batch normalization use running averages once training is over?",
        views: &[View::GradNorms],
    },
];

/// The lesson with this id.
pub fn find(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Settings;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_view_has_its_own_name_label_and_toggle() {
        for (i, a) in View::ALL.iter().enumerate() {
            for b in &View::ALL[i + 1..] {
                assert!(a.name() != b.name() && a.label() != b.label() && a.toggle_id() != b.toggle_id(), "{a:?} and {b:?}");
            }
            assert!(!a.name().is_empty() && !a.label().is_empty());
        }
    }

    #[test]
    fn every_lesson_loads_strictly_names_itself_and_trains() {
        assert!(LESSONS.len() >= 12);
        for (i, lesson) in LESSONS.iter().enumerate() {
            assert!(LESSONS[..i].iter().all(|l| l.id != lesson.id), "{} twice", lesson.id);
            let s = Settings::parse(lesson.settings).unwrap_or_else(|e| panic!("{}: {e}", lesson.id));
            assert_eq!(s.lesson, Some(lesson.id));
            assert_eq!(Settings::parse(&s.to_string()).unwrap(), s, "{} round-trips", lesson.id);
            for text in [lesson.title, lesson.explain, lesson.try_this, lesson.ask] {
                assert!(!text.is_empty() && text.len() < 600, "{}: keep lesson texts short", lesson.id);
            }
            assert!(lesson.ask.ends_with('?'), "{}: the question is a question", lesson.id);
            for run in s.runs().unwrap() {
                let mut small = run.settings.clone();
                small.points = small.points.min(200);
                let mut t = small.trainer().unwrap_or_else(|e| panic!("{} ({}): {e}", lesson.id, run.label));
                let stats = t.train_epochs(3);
                // Only the lesson's deliberately too-large rate may diverge.
                assert!(stats.epoch == 3 || (stats.diverged && lesson.id == "learning-rate"), "{} ({}): {stats:?}", lesson.id, run.label);
            }
        }
        assert_eq!(find("backprop").unwrap().views, &[View::Walk]);
        assert!(find("nonsense").is_none());
    }
}
