//! Tests of the settings: the table, parsing, printing, validation and what a change affects.
use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn a_value_echoed_back_is_cut_to_sixty_characters() {
    let huge = "9".repeat(100_000);
    let e = Settings::parse(&format!("lr={huge}")).unwrap_err().to_string();
    assert!(e.chars().count() < 200, "{} characters", e.chars().count());
    assert!(e.contains(&format!("'{}…'", "9".repeat(ECHO_CHARS))), "{e}");
    let e = Settings::parse(&format!("{huge}=1")).unwrap_err().to_string();
    assert!(e.len() < 1000, "an unknown key of 100 KB: {} bytes", e.len());
    assert_eq!(cut_quoted("the rate's 'x' and the network's"), "the rate's 'x' and the network's");
}

#[test]
fn defaults_are_tensorflow_playgrounds() {
    let s = Settings::default();
    assert_eq!(s.dataset, DatasetKind::Circle);
    assert_eq!(s.features, vec![Feature::X1, Feature::X2]);
    assert_eq!(s.layers, vec![4, 2]);
    assert_eq!((s.activation, s.lr, s.batch, s.noise, s.train), (Activation::Tanh, 0.03, 10, 0.0, 50.0));
    assert_eq!(Settings::parse("").unwrap(), s);
}

#[test]
fn the_string_round_trips() {
    let custom = "dataset=spiral&classes=4&points=800&noise=12.5&train=70&features=x1,x2,sinx1,x1x2&layers=8,8,3\
                  &activations=relu,gelu,silu&loss=xent&optimizer=adam&lr=0.005&beta1=0.85&beta2=0.995&batch=16\
                  &schedule=cosine&period=50&lrMin=0.0005&reg=elastic&regRate=0.001&l1Ratio=0.3&dropout=0.2\
                  &init=he&patience=20&seed=99";
    for s in [
        "",
        custom,
        "dataset=reg-gauss&layers=&optimizer=rmsprop&rho=0.95",
        "dataset=blobs&init=normal&initSd=0.25&schedule=step&decay=0.7&decayEvery=30",
    ] {
        let a = Settings::parse(s).unwrap();
        let text = a.to_string();
        let b = Settings::parse(&text).unwrap();
        assert_eq!(a, b, "{s}");
        assert_eq!(text, b.to_string());
    }
    let c = Settings::parse(custom).unwrap();
    assert_eq!(c.classes(), 4);
    assert_eq!(c.layer_activations(), vec![Activation::Relu, Activation::Gelu, Activation::Silu]);
    assert_eq!(c.schedule(), Schedule::Cosine { min: 0.0005, period: 50 });
    assert_eq!(c.network_config(4).outputs, 4);
    assert_eq!(c.network_config(4).regularization, Regularization::Elastic(0.3));
    // URL-encoded commas and a leading '#' are fine.
    assert_eq!(Settings::parse("#layers=3%2C3").unwrap().layers, vec![3, 3]);
    assert_eq!(Settings::parse("layers=").unwrap().layers, Vec::<usize>::new());
}

#[test]
fn every_bad_value_is_rejected_with_its_key_and_a_reason() {
    let cases: &[(&str, &str, &str)] = &[
        ("colour=red", "colour", "unknown setting"),
        ("dataset=moon", "dataset", "choose one of circle, xor, gauss, spiral, moons, blobs, reg-plane, reg-gauss"),
        ("optimizer=adamw", "optimizer", "choose one of sgd, momentum"),
        ("activation=softplus", "activation", "unknown value"),
        ("activation=step", "activation", "perceptron"),
        ("loss=hinge", "loss", "unknown value"),
        ("lr=fast", "lr", "'fast' is not a number"),
        ("lr=0", "lr", "never changes"),
        ("lr=-1", "lr", "out of range"),
        ("lr=NaN", "lr", "out of range"),
        ("lr=inf", "lr", "out of range"),
        ("noise=80", "noise", "0 to 50"),
        ("train=95", "train", "10 to 90"),
        ("batch=0", "batch", "from 1 to"),
        ("batch=2.5", "batch", "not a whole number"),
        ("points=5", "points", "20 to 10000"),
        ("layers=4,100000", "layers", "100000 is out of range; a whole number from 1 to 256"),
        ("layers=4,0", "layers", "out of range"),
        ("layers=1,1,1,1,1,1,1,1,1,1,1,1,1", "layers", "too many"),
        ("features=x3", "features", "unknown value 'x3'"),
        ("features=", "features", "at least one"),
        ("features=x1,x1", "features", "listed twice"),
        ("classes=9", "classes", "from 2 to 6"),
        ("dataset=xor&classes=3", "classes", "only spiral and blobs"),
        ("layers=4,4&activations=relu", "activations", "one per layer"),
        ("dataset=reg-plane&loss=bce", "loss", "regression"),
        ("dataset=blobs&loss=bce", "loss", "use xent"),
        ("dropout=1", "dropout", "0 to 0.9"),
        ("momentum=1.5", "momentum", "0 to 0.999"),
        ("beta2=1", "beta2", "0 to 0.99999"),
        ("schedule=warmup", "schedule", "constant, step, exp, cosine, cyclic"),
        ("decay=0", "decay", "stop learning"),
        ("period=1", "period", "from 2"),
        ("reg=l3", "reg", "none, l1, l2, elastic"),
        ("regRate=-0.1", "regRate", "out of range"),
        ("init=zeros", "init", "uniform, normal, xavier, he"),
        ("seed=-4", "seed", "not a whole number"),
        ("seed", "seed", "has no value"),
        ("schedule=cosine&lr=0.01&lrMin=0.1", "lrMin", "above the learning rate"),
        ("output=relu", "output", "auto, sigmoid, tanh, linear, softmax"),
        ("bias=no", "bias", "on, off"),
        ("batchnorm=1", "batchnorm", "on, off"),
        ("val=60", "val", "0 to 50"),
        ("lesson=cooking", "lesson", "unknown lesson 'cooking'; the lessons are perceptron, linear,"),
        ("train=70&val=30", "val", "less than 10% to test on"),
        ("batchnorm=on&batch=1", "batch", "at least 2 examples"),
        ("dataset=blobs&output=sigmoid", "output", "use softmax"),
        ("dataset=reg-plane&output=softmax", "output", "regression"),
        ("dataset=reg-gauss&output=sigmoid", "output", "−1 to 1"),
        ("output=tanh&loss=bce", "loss", "bce needs a sigmoid output"),
        ("output=sigmoid&loss=xent", "loss", "xent needs a softmax output"),
    ];
    for (input, key, fragment) in cases {
        let e = Settings::parse(input).expect_err(input);
        assert_eq!(&e.key, key, "{input}: {e}");
        assert!(e.message.contains(fragment), "{input}: message '{}' lacks '{fragment}'", e.message);
    }
}

#[test]
fn the_table_names_every_key_once_and_each_round_trips() {
    let names: Vec<&str> = TABLE.iter().map(|k| k.name).collect();
    for (i, n) in names.iter().enumerate() {
        assert!(!names[..i].contains(n), "{n} twice");
        assert_eq!(key(n).map(|k| k.name), Some(*n));
    }
    // Every value a control offers is accepted, and reads back as itself.
    for k in TABLE {
        let offered: Vec<&str> = (k.choices)().iter().map(|(v, _)| *v).chain(k.presets.iter().copied()).collect();
        for v in offered {
            let mut s = Settings::default();
            (k.set)(&mut s, k.name, v).unwrap_or_else(|e| panic!("{}={v}: {e}", k.name));
            assert_eq!((k.get)(&s).as_deref(), Some(v), "{}", k.name);
        }
        assert!(!k.help.is_empty() && !k.label.is_empty());
        assert!(!(k.choices)().is_empty() || !k.values.is_empty(), "{} says what it takes", k.name);
    }
    assert_eq!(key("regRate").unwrap().flag(), "reg-rate");
    assert_eq!(key("decayEvery").unwrap().flag(), "decay-every");
}

#[test]
fn numbers_that_round_to_zero_in_f32_are_refused() {
    for (input, fragment) in [("lr=1e-50", "never changes"), ("decay=1e-60", "stop learning"), ("initSd=1e-46", "every weight equal")] {
        let e = Settings::parse(input).expect_err(input);
        assert!(e.message.contains(fragment), "{input}: {e}");
    }
    assert_eq!(Settings::parse("lr=1e-40").unwrap().lr, 1e-40);
}

/// What a change does as the engine sees it: other points, a network of another
/// shape (for the run shown first), another trainer or set of runs, or the rate alone.
fn observed(a: &Settings, b: &Settings) -> Option<Affects> {
    if a == b {
        return None;
    }
    if a.data() != b.data() {
        return Some(Affects::Data);
    }
    let shape = |s: &Settings| {
        let shown = &s.runs().unwrap()[0].settings;
        let c = shown.network_config(shown.features.len());
        NetworkConfig { loss: Loss::Mse, init: Init::Uniform, dropout: 0.0, regularization: Regularization::None, reg_rate: 0.0, ..c }
    };
    if shape(a) != shape(b) {
        return Some(Affects::Shape);
    }
    let trainers = |s: &Settings| {
        let runs = s.runs().unwrap();
        let each = |r: &Run| {
            let mut t = r.settings.trainer_config();
            t.optimizer.learning_rate = 1.0;
            (r.label.clone(), r.settings.network_config(r.settings.features.len()), t, r.settings.network().params().to_vec())
        };
        runs.iter().map(each).collect::<Vec<_>>()
    };
    if trainers(a) != trainers(b) {
        return Some(Affects::Rebuild);
    }
    if a.lr != b.lr {
        return Some(Affects::Live);
    }
    Some(Affects::Caption)
}

#[test]
fn each_key_declares_the_strongest_effect_a_change_of_it_has() {
    // Every value a control offers, and one more for keys without a list, on settings
    // where the key is in use (a schedule's decay matters only with that schedule).
    let extra = |name: &str| -> &[&str] {
        match name {
            "points" => &["200"],
            "noise" => &["10"],
            "train" => &["60"],
            "features" => &["x1,x2,x1sq"],
            "layers" => &["3"],
            "activations" => &["relu,relu"],
            "batch" => &["20"],
            "seed" => &["7"],
            "compare" => &["activation:relu,tanh"],
            "play" | "present" | "embed" | "discretize" => &["1"],
            "title" | "explain" | "try" | "ask" => &["Why%20a%20bias%3F"],
            "views" => &["walk,loss-surface"],
            "walk" => &["3@2"],
            "typed" => &["0:0.5"],
            "add" => &["1:1:1"],
            // A point the seeded circle has.
            "drop" => std::slice::from_ref(Box::leak(Box::new(&*Box::leak({
                let p = Settings::default().data().train[0];
                format!("{}:{}", p.x1, p.x2).into_boxed_str()
            })))),
            _ => &[],
        }
    };
    let bases = ["", "dataset=spiral", "optimizer=adam&init=normal&schedule=step&reg=elastic", "schedule=cosine"];
    for row in TABLE {
        let offered: Vec<&str> = (row.choices)().iter().map(|(v, _)| *v).chain(row.presets.iter().copied()).collect();
        let mut strongest = None;
        for base in bases.map(|b| Settings::parse(b).unwrap()) {
            for v in offered.iter().chain(extra(row.name)) {
                let mut next = base.clone();
                if next.set(row.name, v).and_then(|_| next.validate()).is_err() || next == base {
                    continue;
                }
                let (seen, said) = (observed(&base, &next), change_between(&base, &next));
                let meant = if base.get(row.name) == next.get(row.name) { Affects::Caption } else { row.affects };
                assert_eq!(said, Some(meant), "{}={v} from '{base}'", row.name);
                assert!(seen <= said, "{}={v} from '{base}': {seen:?} is more than the row's {said:?}", row.name);
                strongest = strongest.max(seen);
            }
        }
        assert_eq!(strongest, Some(row.affects), "no value of {} does what its row says", row.name);
    }
}

#[test]
fn a_change_is_as_strong_as_its_strongest_key_and_other_data_is_data() {
    let d = Settings::default();
    assert_eq!(change_between(&d, &d), None);
    let with = |s: &str| Settings::parse(s).unwrap();
    assert_eq!(change_between(&d, &with("lesson=perceptron")), Some(Affects::Caption));
    assert_eq!(change_between(&d, &with("lesson=perceptron&lr=0.1")), Some(Affects::Live));
    assert_eq!(change_between(&d, &with("lr=0.1&optimizer=adam")), Some(Affects::Rebuild));
    assert_eq!(change_between(&d, &with("lr=0.1&layers=3")), Some(Affects::Shape));
    assert_eq!(change_between(&with("layers=3"), &with("noise=5&layers=5")), Some(Affects::Data));
    assert_eq!(change_between(&d, &with("classes=2")), Some(Affects::Caption), "the same number of classes");
    // Imported data is the same only when it is the same file.
    let text: String = (0..30).map(|i| format!("{i},{},{}\n", i % 7, i % 2)).collect();
    let file = |t: &str| Some(Arc::new(crate::formats::csv::parse(t).unwrap()));
    let a = Settings { dataset: DatasetKind::Custom, custom: file(&text), ..Settings::default() };
    let same = Settings { lr: 0.1, ..a.clone() };
    let again = Settings { custom: file(&text), ..a.clone() };
    assert_eq!(change_between(&a, &same), Some(Affects::Live));
    assert_eq!(change_between(&a, &again), Some(Affects::Data));
    assert_eq!(change_between(&Settings::default(), &Settings { custom: a.custom.clone(), ..Settings::default() }), Some(Affects::Data));
}

#[test]
fn every_hyperparameter_an_optimizer_declares_is_a_key_its_trainer_reads() {
    for kind in OptimizerKind::ALL {
        for h in kind.hyperparameters() {
            let row = key(h).unwrap_or_else(|| panic!("{} declares '{h}', which is not a settings key", kind.name()));
            assert_eq!(row.affects, Affects::Rebuild, "{h}");
            let base = Settings { optimizer: kind, ..Settings::default() };
            let changed = row.presets.iter().any(|v| {
                let mut s = base.clone();
                s.set(h, v).is_ok() && s.trainer_config().optimizer != base.trainer_config().optimizer
            });
            assert!(changed, "{h} of {} never reaches the trainer", kind.name());
        }
    }
}

#[test]
fn comparisons_vary_what_the_rows_allow_and_never_the_data() {
    let mut not_compared = NOT_COMPARED.to_vec();
    not_compared.sort_unstable();
    // The list as it was written by hand before the rows said it.
    let mut before = [
        "dataset",
        "classes",
        "points",
        "noise",
        "train",
        "val",
        "features",
        "layers",
        "activations",
        "output",
        "bias",
        "seed",
        "compare",
        "lesson",
        "play",
        "until",
        "views",
        "present",
        "embed",
        "discretize",
        "walk",
        "typed",
        "add",
        "drop",
        "title",
        "explain",
        "try",
        "ask",
    ];
    before.sort_unstable();
    assert_eq!(not_compared, before);
    for row in TABLE {
        if matches!(row.affects, Affects::Data | Affects::Caption) {
            assert!(!row.comparable, "{}", row.name);
        }
        // Typed weights are lists of their own, which a comparison's list cannot hold.
        if matches!(row.affects, Affects::Live | Affects::Rebuild) && row.name != "typed" {
            assert!(row.comparable, "{}", row.name);
        }
    }
}

#[test]
fn every_preset_reads_and_every_compared_preset_makes_runs() {
    for row in keys::TABLE {
        for preset in row.presets {
            let mut s = Settings::default();
            s.set(row.name, preset).unwrap_or_else(|e| panic!("{}={preset}: {e}", row.name));
            if row.name == "compare" {
                s.validate().unwrap_or_else(|e| panic!("compare={preset}: {e}"));
                let runs = s.runs().unwrap_or_else(|e| panic!("compare={preset}: {e}"));
                assert!((RUNS_RANGE.0..=RUNS_RANGE.1).contains(&runs.len()), "{preset}");
            }
        }
    }
}

#[test]
fn a_comparison_is_runs_from_one_settings_value_and_the_same_start() {
    let s = Settings::parse("dataset=spiral&layers=6,6&compare=optimizer:sgd,momentum,adam;lr:0.1,0.03,0.01").unwrap();
    assert_eq!(Settings::parse(&s.to_string()).unwrap(), s, "the link round-trips");
    assert!(s.to_string().ends_with("&compare=optimizer:sgd,momentum,adam;lr:0.1,0.03,0.01"));
    let runs = s.runs().unwrap();
    assert_eq!(runs.len(), 3);
    assert_eq!(runs[2].label, "optimizer=adam, lr=0.01");
    assert_eq!((runs[1].settings.optimizer, runs[1].settings.lr), (OptimizerKind::Momentum, 0.03));
    assert!(runs.iter().all(|r| r.settings.compare.is_empty() && r.settings.layers == vec![6, 6]));
    // The same data and the same initial weights in every run.
    let trainers: Vec<Trainer> = runs.iter().map(|r| r.settings.trainer().unwrap()).collect();
    for t in &trainers[1..] {
        assert_eq!(t.network().params(), trainers[0].network().params());
        assert_eq!(t.train_set(), trainers[0].train_set());
        assert_eq!(t.test_set(), trainers[0].test_set());
    }
    assert_eq!(Settings::parse("compare=dropout:0,0.5").unwrap().runs().unwrap()[1].settings.dropout, 0.5);
    assert_eq!(Settings::default().runs().unwrap().len(), 1);
    for (input, fragment) in [
        ("compare=optimizer:sgd", "1 values for optimizer; a comparison has 2 to 6 runs"),
        ("compare=lr:1,2,3,4,5,6,7", "7 values"),
        ("compare=dataset:xor,circle", "dataset cannot differ"),
        ("compare=layers:2,3", "layers cannot differ"),
        ("compare=colour:red,blue", "'colour' is not a setting"),
        ("compare=optimizer", "is not key:values"),
        ("compare=lr:0.1,fast", "lr: 'fast' is not a number"),
        ("compare=lr:0.1,0.2;optimizer:sgd,adam,adam", "paired in order"),
        ("compare=lr:0.1,0.2;lr:0.3,0.4", "compared twice"),
        ("dataset=reg-plane&compare=loss:mse,bce", "run 2 (loss=bce)"),
    ] {
        let e = Settings::parse(input).expect_err(input);
        assert_eq!(e.key, "compare", "{input}: {e}");
        assert!(e.message.contains(fragment), "{input}: {e}");
    }
}

#[test]
fn imported_data_needs_its_file_and_brings_its_own_classes() {
    let e = Settings::parse("dataset=custom").unwrap_err();
    assert!(e.key == "dataset" && e.message.contains("a link does not carry"), "{e}");
    let (lenient, errors) = Settings::parse_lenient("dataset=custom&layers=3");
    assert_eq!((lenient.dataset, lenient.layers.clone(), errors.len()), (DatasetKind::Circle, vec![3], 1), "the rest of the link stays");
    let text: String = (0..30).map(|i| format!("{i},{},{}\n", i % 7, ["a", "b", "c"][i % 3])).collect();
    let mut s = Settings::parse("dataset=custom&layers=4&train=60").unwrap_or_else(|_| Settings::default());
    s.dataset = DatasetKind::Custom;
    s.layers = vec![4];
    s.train = 60.0;
    s.custom = Some(Arc::new(crate::formats::csv::parse(&text).unwrap()));
    s.validate().unwrap();
    assert_eq!((s.problem(), s.classes()), (Problem::MultiClass(3), 3));
    assert_eq!(s.network_config(2).outputs, 3);
    let split = s.data();
    assert_eq!((split.train.len(), split.test.len()), (18, 12));
    assert!(s.to_string().starts_with("dataset=custom&"));
    s.classes = Some(3);
    assert_eq!(s.validate().unwrap_err().key, "classes");
    s.classes = None;
    let mut t = s.trainer().unwrap();
    assert!(t.train_epochs(5).train_accuracy.is_some());
}

#[test]
fn get_reads_back_what_set_wrote() {
    let mut s = Settings::default();
    for (k, v) in [("lr", "0.3"), ("layers", "5,6"), ("dataset", "moons"), ("loss", "mse"), ("reg", "l2")] {
        s.set(k, v).unwrap();
        assert_eq!(s.get(k).as_deref(), Some(v));
    }
    assert_eq!(s.get("activations"), None);
    assert_eq!(s.get("classes").as_deref(), Some("2"), "the number in effect, even when not set");
    assert_eq!(s.get("nonsense"), None);
}

#[test]
fn lenient_parsing_keeps_what_it_can() {
    let (s, errors) = Settings::parse_lenient("dataset=spiral&lr=oops&layers=6,6&noise=999&&=&junk");
    assert_eq!(s.dataset, DatasetKind::Spiral);
    assert_eq!(s.layers, vec![6, 6]);
    assert_eq!(s.lr, 0.03);
    assert_eq!(s.noise, 0.0);
    assert_eq!(errors.len(), 4, "{errors:?}");
    let (s, errors) = Settings::parse_lenient("dataset=xor&classes=5&layers=3&activations=relu,relu");
    assert_eq!((s.dataset, s.classes(), s.activations.clone()), (DatasetKind::Xor, 2, None));
    assert_eq!(errors.len(), 2);
    let (s, errors) = Settings::parse_lenient("\u{0}\u{ffff}%%%&&&====");
    assert_eq!(s, Settings::default());
    assert!(!errors.is_empty());
}

#[test]
fn the_lowest_rate_follows_a_slow_rate_down_and_the_link_reads_strictly() {
    for link in ["schedule=cosine&lr=0.00001", "schedule=cyclic&lr=0.00002&lrMin=0.5"] {
        let (s, _) = Settings::parse_lenient(link);
        assert_eq!(s.lr_min, s.lr, "{link}");
        assert!(matches!(s.schedule, ScheduleKind::Cosine | ScheduleKind::Cyclic), "{link}");
        assert_eq!(Settings::parse(&s.to_string()).unwrap(), s, "{link}");
    }
}

#[test]
fn hostile_strings_never_panic_and_lenient_results_always_build() {
    // Seeded random strings made of keys, values and junk: parse never panics, and
    // whatever the lenient parser keeps is valid and trains.
    let pieces = [
        "dataset",
        "classes",
        "layers",
        "activations",
        "loss",
        "lr",
        "batch",
        "features",
        "noise",
        "=",
        "&",
        ",",
        "%",
        "%2C",
        "%zz",
        "-1",
        "0",
        "1e9",
        "NaN",
        "inf",
        "spiral",
        "blobs",
        "reg-plane",
        "xent",
        "bce",
        "relu",
        "step",
        "6",
        "256",
        "3,3",
        "\u{0}",
        "é",
        "#",
        "?",
        " ",
        "99999999999999999999999",
        "0.5",
        "schedule",
        "cosine",
        "lrMin",
        "seed",
        "dropout",
        "0.9",
        "init",
        "normal",
        "initSd",
        "compare",
        "lesson",
        "backprop",
        "optimizer:sgd,adam",
        "lr:0.1,0.01",
        ";",
        ":",
        "output",
        "bias",
        "batchnorm",
        "on",
        "batch",
        "1",
        "off",
        "tanh",
        "softmax",
        "sigmoid",
        "linear",
        "decay",
        "1e-50",
        "1e-40",
        "-0",
        "0.1",
        "classes",
        "2",
        "xor",
    ];
    let mut rng = Rng::new(2024);
    for _ in 0..3000 {
        let n = 1 + rng.below(12);
        let s: String = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
        let _ = Settings::parse(&s);
        let (settings, _) = Settings::parse_lenient(&s);
        assert!(settings.validate().is_ok(), "{s:?} gave invalid settings {settings:?}");
        // What a link loads writes a string that loads back, strictly, to the same state.
        let text = settings.to_string();
        assert_eq!(Settings::parse(&text).as_ref(), Ok(&settings), "{s:?} wrote {text:?}");
        let mut small = settings.clone();
        small.points = small.points.min(200);
        small.layers.iter_mut().for_each(|n| *n = (*n).min(8));
        let mut t = small.trainer().unwrap_or_else(|e| panic!("{s:?}: {e}"));
        t.train_epochs(1);
    }
}

#[test]
fn the_network_follows_the_problem_unless_a_loss_is_picked() {
    let nc = |s: &str| {
        let s = Settings::parse(s).unwrap();
        let c = s.network_config(s.features.len());
        (c.outputs, c.output, c.loss)
    };
    assert_eq!(nc(""), (1, Output::Sigmoid, Loss::BinaryCrossEntropy));
    assert_eq!(nc("loss=mse"), (1, Output::Sigmoid, Loss::Mse));
    assert_eq!(nc("loss=xent"), (2, Output::Softmax, Loss::SoftmaxCrossEntropy));
    assert_eq!(nc("dataset=blobs&classes=5"), (5, Output::Softmax, Loss::SoftmaxCrossEntropy));
    assert_eq!(nc("dataset=spiral&classes=3&loss=mse"), (3, Output::Softmax, Loss::Mse));
    assert_eq!(nc("dataset=reg-plane"), (1, Output::Identity, Loss::Mse));
    // A chosen output, and the loss that goes with it unless one is picked.
    assert_eq!(nc("output=tanh"), (1, Output::Tanh, Loss::Mse));
    assert_eq!(nc("output=linear"), (1, Output::Identity, Loss::Mse));
    assert_eq!(nc("output=sigmoid&loss=mse"), (1, Output::Sigmoid, Loss::Mse));
    assert_eq!(nc("output=softmax"), (2, Output::Softmax, Loss::SoftmaxCrossEntropy));
    assert_eq!(nc("dataset=spiral&classes=4&output=softmax"), (4, Output::Softmax, Loss::SoftmaxCrossEntropy));
    assert_eq!(nc("dataset=reg-plane&output=tanh"), (1, Output::Tanh, Loss::Mse));
    let textbook = Settings::parse("layers=2&activation=sigmoid&output=sigmoid&bias=off&loss=mse").unwrap();
    let c = textbook.network_config(2);
    assert!(!c.bias);
    assert_eq!((c.outputs, c.output, c.loss), (1, Output::Sigmoid, Loss::Mse));
    // Accuracy is measured for classes, whatever the output.
    assert!(Settings::parse("output=linear").unwrap().trainer_config().classify);
    assert!(!Settings::parse("dataset=reg-plane&output=tanh").unwrap().trainer_config().classify);
}
