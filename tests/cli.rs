//! The command-line trainer as a user runs it: the real binary, its output and exit codes.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn neuroplay(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_neuroplay")).args(args).output().expect("the binary runs");
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// Pulls `"key":value` out of the one-line JSON report (the report has a fixed shape).
fn field<'a>(json: &'a str, key: &str) -> &'a str {
    let start = json.find(&format!("\"{key}\":")).unwrap_or_else(|| panic!("no {key} in {json}")) + key.len() + 3;
    let rest = &json[start..];
    let end = rest.find([',', '}']).unwrap();
    &rest[..end]
}

#[test]
fn trains_and_reports_every_field() {
    let (code, out, err) = neuroplay(&[
        "train",
        "--config",
        "dataset=spiral&layers=16,16&batch=5&train=70",
        "--optimizer",
        "adam",
        "--lr",
        "0.01",
        "--epochs",
        "500",
    ]);
    assert_eq!(code, 0, "{err}");
    let out = out.trim();
    assert!(out.starts_with('{') && out.ends_with('}') && !out.contains('\n'));
    assert_eq!(field(out, "epochs_run"), "500");
    assert_eq!(field(out, "diverged"), "false");
    assert_eq!(field(out, "stopped_early"), "false");
    let acc: f32 = field(out, "test_accuracy").parse().unwrap();
    assert!(acc >= 0.95, "spiral test accuracy {acc}");
    let train_loss: f32 = field(out, "train_loss").parse().unwrap();
    assert!(train_loss < 0.1);
    // History: epoch 0 (before training) to 500, each [epoch, train, test].
    let hist = &out[out.find("\"loss_history\":[").unwrap() + 16..out.len() - 2];
    let rows: Vec<&str> = hist.trim_start_matches('[').split("],[").collect();
    assert_eq!(rows.len(), 501);
    assert!(rows[0].starts_with("0,"));
    assert!(rows[500].starts_with("500,"));
    assert!(!out.contains("NaN") && !out.contains("inf"));
}

#[test]
fn the_same_seed_gives_byte_identical_output() {
    let args = ["train", "--dataset", "circle", "--layers", "6,3", "--dropout", "0.2", "--noise", "20", "--epochs", "30", "--seed", "42"];
    let (a, b) = (neuroplay(&args), neuroplay(&args));
    assert_eq!(a.0, 0);
    assert_eq!(a.1, b.1);
    let mut other = args.to_vec();
    *other.last_mut().unwrap() = "43";
    assert_ne!(neuroplay(&other).1, a.1);
}

#[test]
fn regression_reports_null_accuracy() {
    let (code, out, _) = neuroplay(&["train", "--dataset", "reg-gauss", "--layers", "8,8", "--epochs", "5"]);
    assert_eq!(code, 0);
    assert_eq!(field(&out, "train_accuracy"), "null");
    assert_eq!(field(&out, "test_accuracy"), "null");
}

#[test]
fn divergence_stops_with_finite_numbers() {
    let (code, out, _) = neuroplay(&[
        "train",
        "--dataset",
        "reg-plane",
        "--features",
        "x1,x2,x1sq,x2sq",
        "--layers",
        "8,8",
        "--activation",
        "relu",
        "--lr",
        "10",
        "--epochs",
        "200",
    ]);
    assert_eq!(code, 0);
    assert_eq!(field(&out, "diverged"), "true");
    // The last finite figures: every loss is a number, never NaN, infinity or null;
    // the only nulls are the accuracies, which regression does not have.
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["train_loss"].as_f64().unwrap().is_finite());
    assert!(v["test_loss"].as_f64().unwrap().is_finite());
    assert!(v["train_accuracy"].is_null() && v["test_accuracy"].is_null());
    let rows = v["loss_history"].as_array().unwrap();
    assert!(!rows.is_empty());
    for row in rows {
        let row = row.as_array().unwrap();
        assert_eq!(row.len(), 3);
        assert!(row.iter().all(|x| x.as_f64().is_some_and(f64::is_finite)), "{row:?}");
    }
    assert!(!out.contains("NaN") && !out.contains("inf"));
    let epochs: usize = field(&out, "epochs_run").parse().unwrap();
    assert!(epochs < 200);
}

#[test]
fn early_stopping_is_reported() {
    // A tiny noisy training set overfits fast; patience 5 stops long before 2000 epochs.
    let (code, out, _) = neuroplay(&[
        "train",
        "--dataset",
        "gauss",
        "--noise",
        "50",
        "--train",
        "10",
        "--layers",
        "32,32",
        "--optimizer",
        "adam",
        "--lr",
        "0.03",
        "--patience",
        "5",
        "--epochs",
        "2000",
    ]);
    assert_eq!(code, 0);
    assert_eq!(field(&out, "stopped_early"), "true");
    let (best, stop): (usize, usize) = (field(&out, "epochs_run").parse().unwrap(), field(&out, "stopped_at").parse().unwrap());
    assert!(best < 2000 && stop == best + 5, "the weights of epoch {best} back, stopped at {stop}, patience 5");
}

#[test]
fn bad_input_exits_2_with_one_readable_line() {
    let cases: &[(&[&str], &str)] = &[
        (&["train", "--config", "colour=red"], "colour: unknown setting"),
        (&["train", "--dataset", "moon"], "dataset: unknown value 'moon'"),
        (&["train", "--optimizer", "adamw"], "optimizer: unknown value 'adamw'"),
        (&["train", "--lr", "fast"], "lr: 'fast' is not a number"),
        (&["train", "--noise", "70"], "noise: '70' is out of range"),
        (&["train", "--layers", "4,100000"], "100000 is out of range"),
        (&["train", "--batch", "0"], "batch: 0 is out of range"),
        (&["train", "--epochs", "many"], "--epochs: 'many' is not a whole number"),
        (&["train", "--config", "dataset=reg-plane&loss=xent"], "loss: xent is a classification loss"),
        (&["fly"], "unknown command 'fly'"),
    ];
    for (args, fragment) in cases {
        let (code, out, err) = neuroplay(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?} printed {out}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: ") && err.contains(fragment), "{args:?}: {err}");
        assert!(!err.contains("panicked"));
    }
}

const TEXTBOOK: &str = "features=x1,x2&layers=2&activation=sigmoid&output=sigmoid&bias=off&loss=mse&lr=1";

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

fn close(v: &serde_json::Value, want: f64, what: &str) {
    let got = v.as_f64().unwrap_or_else(|| panic!("{what}: {v} is not a number"));
    assert!((got - want).abs() < 2e-6, "{what}: printed {got}, by hand {want}");
}

#[test]
fn backprop_prints_the_lectures_hand_computation() {
    let (code, out, err) = neuroplay(&[
        "backprop",
        "--config",
        TEXTBOOK,
        "--weights",
        "[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]",
        "--input",
        "0.05,0.10",
        "--target",
        "0.1",
    ]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let s = |x: f64| 1.0 / (1.0 + (-x).exp());
    let (h1, h2) = (s(0.1 * 0.05 + 0.2 * 0.1), s(0.3 * 0.05 + 0.4 * 0.1));
    let o = s(0.5 * h1 + 0.6 * h2);
    let d3 = (o - 0.1) * o * (1.0 - o);
    let (d1, d2) = (d3 * 0.5 * h1 * (1.0 - h1), d3 * 0.6 * h2 * (1.0 - h2));
    assert_eq!(v["loss_formula"], "E = ½ Σ (t − o)²");
    close(&v["loss"], 0.5 * (0.1 - o) * (0.1 - o), "E");
    let (hidden, output) = (&v["layers"][0], &v["layers"][1]);
    close(&hidden["net"][0], 0.025, "net h1");
    close(&hidden["out"][1], h2, "out h2");
    close(&output["out"][0], o, "o");
    close(&output["delta"][0], d3, "δo");
    close(&hidden["delta"][0], d1, "δh1");
    close(&hidden["delta"][1], d2, "δh2");
    close(&output["output_slope"][0], o * (1.0 - o), "σ′(net o)");
    close(&output["error"][0], o - 0.1, "∂E/∂o = o − t");
    close(&hidden["activation_slope"][0], h1 * (1.0 - h1), "σ′(net h1)");
    close(&hidden["weighted_delta_sum"][1], 0.6 * d3, "w6·δo");
    // Rows are neurons, entries their inputs: w5 = output row 0 entry 0.
    close(&output["weight_gradients"][0][0], h1 * d3, "∂E/∂w5");
    close(&output["updated_weights"][0][1], 0.6 - h2 * d3, "w6 after");
    close(&hidden["weight_gradients"][1][0], 0.05 * d2, "∂E/∂w3");
    close(&hidden["updated_weights"][0][1], 0.2 - 0.1 * d1, "w2 after");
    assert!(hidden.get("bias_gradients").is_none(), "bias=off: no biases printed");
}

#[test]
fn backprop_with_biases_and_a_softmax_target_class() {
    let (code, out, err) = neuroplay(&[
        "backprop",
        "--config",
        "dataset=blobs&classes=3&layers=2&lr=0.5",
        "--weights",
        "[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6],[0.7,0.8],[-0.1,0.2]]]",
        "--biases",
        "[[0.1,-0.1],[0,0.5,1]]",
        "--input",
        "1,-1",
        "--target",
        "2",
    ]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["target"], serde_json::json!([0.0, 0.0, 1.0]));
    let out_layer = &v["layers"][1];
    // Softmax with cross-entropy: δ = o − t, and ∂E/∂b = δ.
    for k in 0..3 {
        let o = out_layer["out"][k].as_f64().unwrap();
        let t = [0.0, 0.0, 1.0][k];
        close(&out_layer["delta"][k], o - t, "δ");
        close(&out_layer["bias_gradients"][k], o - t, "∂E/∂b");
    }
    close(&v["layers"][0]["net"][0], 0.1 - 0.2 + 0.1, "net with bias: 0.1·1 + 0.2·(−1) + 0.1");
    close(&out_layer["updated_biases"][2], 1.0 - 0.5 * out_layer["bias_gradients"][2].as_f64().unwrap(), "b after");
}

#[test]
fn backprop_refuses_bad_input_with_one_line() {
    let w = "[[[0.1,0.2],[0.3,0.4]],[[0.5,0.6]]]";
    let cases: &[(&[&str], &str)] = &[
        (&["backprop", "--config", TEXTBOOK, "--target", "0.1"], "--input is missing"),
        (&["backprop", "--config", TEXTBOOK, "--input", "0.05,0.1"], "--target is missing"),
        (&["backprop", "--config", TEXTBOOK, "--input", "0.05", "--target", "0.1"], "two numbers X1,X2"),
        (&["backprop", "--config", TEXTBOOK, "--input", "0.05,x", "--target", "0.1"], "'x' is not a number"),
        (&["backprop", "--config", TEXTBOOK, "--input", "0,0", "--target", "0.1,0.2"], "1 output, so give one number"),
        (&["backprop", "--config", TEXTBOOK, "--weights", "[[[0.1,0.2]],[[0.5,0.6]]]", "--input", "0,0", "--target", "1"], "needs 2 rows"),
        (&["backprop", "--config", TEXTBOOK, "--weights", "[[0.1", "--input", "0,0", "--target", "1"], "not valid JSON"),
        (&["backprop", "--config", TEXTBOOK, "--weights", w, "--biases", "[[0,0],[0]]", "--input", "0,0", "--target", "1"], "no biases"),
        (
            &["backprop", "--config", "layers=2", "--weights", w, "--biases", "[[0,0],[0,0]]", "--input", "0,0", "--target", "1"],
            "one bias per neuron",
        ),
        (&["backprop", "--config", "dataset=blobs", "--input", "0,0", "--target", "3"], "a class from 0 to 2"),
        (&["backprop", "--input", "0,0", "--target", "1", "--epochs", "3"], "--epochs: unknown flag"),
    ];
    for (args, fragment) in cases {
        let (code, out, err) = neuroplay(args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(out.is_empty());
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(fragment), "{args:?}: {err}");
    }
    let (code, help, _) = neuroplay(&["backprop", "--help"]);
    assert_eq!(code, 0);
    assert!(help.contains("E = ½ Σ (t − o)²") && help.contains("--weights JSON") && help.contains("(default: 0.03)"));
}

#[test]
fn grad_norms_give_one_row_per_epoch_with_a_norm_per_weight_matrix() {
    let args = ["train", "--config", "dataset=spiral&layers=8,8,8,8,8,8&activation=sigmoid", "--epochs", "4", "--grad-norms"];
    let (code, out, err) = neuroplay(&args);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let rows = v["grad_norms"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for (e, row) in rows.iter().enumerate() {
        let row = row.as_array().unwrap();
        assert_eq!(row.len(), 1 + 7, "epoch and 6 hidden + 1 output weight matrices");
        assert_eq!(row[0], e + 1);
        let n: Vec<f64> = row[1..].iter().map(|x| x.as_f64().unwrap()).collect();
        assert!(n.iter().all(|x| x.is_finite() && *x > 0.0), "{n:?}");
        assert!(n[0] < n[6] / 100.0, "6 sigmoid layers: the first matrix's gradient is far below the last's: {n:?}");
    }
    // Without the flag the report has no grad_norms, and the flag takes no value.
    let (_, plain, _) = neuroplay(&args[..5]);
    assert!(json(&plain).get("grad_norms").is_none());
    let (code, _, err) = neuroplay(&["train", "--grad-norms=yes"]);
    assert_eq!(code, 2);
    assert!(err.contains("--grad-norms takes no value"), "{err}");
}

#[test]
fn a_validation_share_is_reported_and_early_stopping_uses_it() {
    let (code, out, err) = neuroplay(&["train", "--config", "dataset=gauss&noise=30&train=60&val=20&patience=10", "--epochs", "30"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert!(v["val_loss"].as_f64().unwrap().is_finite());
    assert!(v["val_accuracy"].as_f64().is_some());
    assert!(v["loss_history"].as_array().unwrap().iter().all(|r| r.as_array().unwrap().len() == 4));
    // Without one, no validation fields and three columns, as before.
    let (_, out, _) = neuroplay(&["train", "--epochs", "2"]);
    let v = json(&out);
    assert!(v.get("val_loss").is_none());
    assert!(v["loss_history"].as_array().unwrap().iter().all(|r| r.as_array().unwrap().len() == 3));
}

#[test]
fn a_comparison_prints_each_run_equal_to_the_same_run_made_alone() {
    let base = "dataset=xor&layers=4&patience=0";
    let (code, out, err) = neuroplay(&["train", "--config", &format!("{base}&compare=optimizer:sgd,adam;lr:0.1,0.01"), "--epochs", "20"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[1]["label"], "optimizer=adam, lr=0.01");
    for (run, flags) in runs.iter().zip([["sgd", "0.1"], ["adam", "0.01"]]) {
        let (code, alone, _) = neuroplay(&["train", "--config", base, "--optimizer", flags[0], "--lr", flags[1], "--epochs", "20"]);
        assert_eq!(code, 0);
        let alone = json(&alone);
        assert_eq!(run["settings"], alone["config"]);
        for field in ["epochs_run", "train_loss", "test_loss", "test_accuracy", "loss_history"] {
            assert_eq!(run[field], alone[field], "{field} of {}", run["label"]);
        }
    }
}

#[test]
fn lr_find_prints_the_range_test_and_a_suggestion() {
    let (code, out, err) = neuroplay(&["lr-find", "--config", "dataset=spiral&layers=8,8&optimizer=adam", "--steps", "150"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let points = v["points"].as_array().unwrap();
    assert!(points.len() > 20 && points.len() <= 150);
    let rates: Vec<f64> = points.iter().map(|p| p[0].as_f64().unwrap()).collect();
    assert!((rates[0] - 1e-5).abs() < 1e-9 && rates.windows(2).all(|w| w[1] > w[0]));
    let losses: Vec<f64> = points.iter().map(|p| p[1].as_f64().unwrap()).collect();
    // A tenth of the rate at the lowest loss after the first tenth of the steps.
    let (best_at, _) = losses.iter().enumerate().skip(15).min_by(|a, b| a.1.total_cmp(b.1)).unwrap();
    let suggested = v["suggested"].as_f64().unwrap();
    assert!((suggested - rates[best_at] / 10.0).abs() < 1e-6 * rates[best_at], "{suggested} vs {}", rates[best_at]);
    // Adam on the spiral: the loss falls and then explodes; the suggestion sits between.
    assert!((1e-4..0.1).contains(&suggested), "{suggested}");
    for (args, fragment) in
        [(&["lr-find", "--steps", "5"][..], "from 10 to 10000"), (&["lr-find", "--lr", "x"][..], "lr: 'x' is not a number")]
    {
        let (code, _, err) = neuroplay(args);
        assert_eq!(code, 2);
        assert!(err.contains(fragment), "{err}");
    }
}

/// A file in a fresh temporary folder of this test.
fn temp_file(test: &str, name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("neuroplay-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// Points in a file's own units: two classes by the sign of a tilted line, far from ±6.
fn classes_csv(n: usize) -> String {
    let mut out = String::from("weight;height;kind\n");
    for i in 0..n {
        let (a, b) = (50.0 + (i * 37 % 100) as f32, 1000.0 + (i * 53 % 400) as f32);
        let kind = if (a - 100.0) * 4.0 + (b - 1200.0) > 0.0 { "tall" } else { "short" };
        out.push_str(&format!("{a};{b};{kind}\n"));
    }
    out
}

#[test]
fn training_on_a_csv_file_and_refusing_a_broken_one() {
    let good = temp_file("csv", "good.csv", &classes_csv(200));
    let (code, out, err) = neuroplay(&["train", "--data", &good, "--config", "layers=4&optimizer=adam&lr=0.03", "--epochs", "100"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert!(v["config"].as_str().unwrap().starts_with("dataset=custom&"));
    assert!(v["test_accuracy"].as_f64().unwrap() > 0.9, "{}", v["test_accuracy"]);
    let bad = temp_file("csv", "bad.csv", &format!("{}\n3;x;tall\n", classes_csv(20)));
    let (code, _, err) = neuroplay(&["train", "--data", &bad]);
    assert_eq!(code, 2);
    assert!(err.contains("line 22: 'x' is not a number (column x2)"), "{err}");
    let (code, _, err) = neuroplay(&["train", "--data", "/nonexistent/points.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read it"), "{err}");
    let (code, _, err) = neuroplay(&["train", "--config", "dataset=custom"]);
    assert_eq!(code, 2);
    assert!(err.contains("--data FILE.csv"), "{err}");
}

#[test]
fn saved_weights_load_and_training_continues_from_them() {
    let model = temp_file("save", "model.json", "");
    let base = ["--config", "dataset=spiral&layers=8,8&optimizer=adam&lr=0.01&batchnorm=on"];
    let (code, out, err) = neuroplay(&[&["train"][..], &base[..], &["--epochs", "40", "--save-weights", &model]].concat());
    assert_eq!(code, 0, "{err}");
    let saved = json(&out);
    let file = json(&std::fs::read_to_string(&model).unwrap());
    assert_eq!(file["format"], "neuroplay-model");
    assert_eq!(file["config"], saved["config"]);
    assert_eq!(file["weights"].as_array().unwrap().len(), 3);
    // Loaded and not trained: exactly the saved run's figures.
    let (code, out, err) = neuroplay(&[&["train"][..], &base[..], &["--epochs", "0", "--load-weights", &model]].concat());
    assert_eq!(code, 0, "{err}");
    let loaded = json(&out);
    for field in ["train_loss", "test_loss", "test_accuracy"] {
        assert_eq!(loaded[field], saved[field], "{field}");
    }
    // Trained on from there: better than the fresh start of the same length.
    let (_, more, _) = neuroplay(&[&["train"][..], &base[..], &["--epochs", "40", "--load-weights", &model]].concat());
    assert!(json(&more)["train_loss"].as_f64().unwrap() < saved["train_loss"].as_f64().unwrap());
    // A model of another shape is refused, and nothing is trained.
    let (code, _, err) = neuroplay(&["train", "--config", "layers=3", "--load-weights", &model]);
    assert_eq!(code, 2);
    assert!(err.contains("--load-weights") && err.contains("layer"), "{err}");
}

/// Saves a model trained with `config` (and `data`, if given), then returns what
/// `predict` and the exported NumPy program print for `points`.
fn predict_both(test: &str, config: &str, data: Option<&str>, points: &str) -> (String, String) {
    let model = temp_file(test, "model.json", "");
    let mut args = vec!["train", "--config", config, "--epochs", "30", "--save-weights", &model];
    let data_path = data.map(|d| temp_file(test, "data.csv", d));
    if let Some(d) = &data_path {
        args.extend(["--data", d]);
    }
    let (code, _, err) = neuroplay(&args);
    assert_eq!(code, 0, "{err}");
    let points = temp_file(test, "points.csv", points);
    let (code, cli, err) = neuroplay(&["predict", "--load-weights", &model, "--data", &points]);
    assert_eq!(code, 0, "{err}");
    let (code, program, err) = neuroplay(&["export", "--load-weights", &model, "--format", "numpy"]);
    assert_eq!(code, 0, "{err}");
    let script = temp_file(test, "model.py", &program);
    let run = Command::new("python3").arg(&script).arg(&points).output().expect("python3 runs");
    assert!(run.status.success(), "the NumPy program failed: {}", String::from_utf8_lossy(&run.stderr));
    assert!(run.stderr.is_empty(), "{test}: the NumPy program warned: {}", String::from_utf8_lossy(&run.stderr));
    (cli, String::from_utf8(run.stdout).unwrap())
}

/// The same lines, character for character.
fn assert_same_lines(cli: &str, python: &str, what: &str) {
    let (a, b): (Vec<&str>, Vec<&str>) = (cli.lines().collect(), python.lines().collect());
    assert!(!a.is_empty());
    assert_eq!(a.len(), b.len(), "{what}: line counts");
    let differ: Vec<String> = a
        .iter()
        .zip(&b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, (x, y))| format!("line {}: predict {x}, NumPy {y}", i + 1))
        .collect();
    assert!(differ.is_empty(), "{what}: {} of {} lines differ: {differ:?}", differ.len(), a.len());
}

#[test]
fn the_numpy_program_prints_exactly_what_predict_prints() {
    // A 17 × 17 grid over the plot and beyond, and points far out (where sums overflow).
    let mut grid: String = (0..289).map(|i| format!("{},{}\n", (i % 17) as f32 * 0.7 - 5.6, (i / 17) as f32 * 0.7 - 5.6)).collect();
    grid.push_str("300,-200\n1e6,1e6\n-1e30,5\n1e38,-1e38\n0,0\n");
    let with_header = format!("x1,x2,label\n{}", grid.lines().map(|l| format!("{l},1")).collect::<Vec<_>>().join("\n"));
    let cases = [
        ("binary", "dataset=xor&layers=4,3&activations=gelu,elu&features=x1,x2,x1x2,sinx1", grid.clone()),
        ("softmax-2", "dataset=moons&layers=5&activation=silu&loss=xent", with_header.clone()),
        ("classes", "dataset=spiral&classes=3&layers=6,6&activation=leaky&batchnorm=on&features=x1,x2,x1sq,x2sq", grid.clone()),
        ("regression", "dataset=reg-gauss&layers=6&activation=relu&bias=off", grid.clone()),
        ("tanh-out", "dataset=circle&layers=4&output=tanh&activation=sigmoid", grid.clone()),
        ("tanh-3", "dataset=spiral&classes=3&layers=8,6&activation=tanh", grid.clone()),
        ("sigmoid", "dataset=circle&layers=5&activation=sigmoid", grid.clone()),
        ("relu", "dataset=xor&layers=6,4&activation=relu", grid.clone()),
        ("gelu-silu-sin", "dataset=xor&layers=7,5&activations=gelu,silu&features=x1,x2,sinx1,sinx2", grid.clone()),
        ("regression-tanh", "dataset=reg-gauss&layers=6&activation=tanh", grid.clone()),
    ];
    for (test, config, points) in cases {
        let (cli, python) = predict_both(test, config, None, &points);
        assert_same_lines(&cli, &python, test);
    }
    // Imported data in its own units: the rescaling is in the program too.
    let pts: String = (0..10).map(|i| format!("{};{}\n", 60 + i * 9, 1050 + i * 31)).collect();
    let (cli, python) = predict_both("imported", "layers=3&optimizer=adam&lr=0.03", Some(&classes_csv(120)), &pts);
    assert_same_lines(&cli, &python, "imported classes");
    let reg: String = (0..60).map(|i| format!("{},{},{}\n", i * 3, 500 - i * 7, 0.5 * i as f32 + 10.25)).collect();
    let (cli, python) = predict_both("imported-reg", "layers=4", Some(&reg), &pts.replace(';', ","));
    assert_same_lines(&cli, &python, "imported regression");
    assert!(cli.lines().all(|l| l.parse::<f64>().unwrap() > 2.0), "regression answers in the file's units: {cli}");
}

#[test]
fn pytorch_and_keras_programs_are_valid_python_and_bad_exports_are_refused() {
    for format in ["pytorch", "keras"] {
        let (code, program, err) = neuroplay(&["export", "--config", "layers=3,2&batchnorm=on&activations=gelu,leaky", "--format", format]);
        assert_eq!(code, 0, "{err}");
        let script = temp_file("formats", &format!("{format}.py"), &program);
        let check = Command::new("python3").args(["-m", "py_compile", &script]).output().unwrap();
        assert!(check.status.success(), "{format}: {}", String::from_utf8_lossy(&check.stderr));
    }
    for (args, fragment) in [
        (&["export", "--format", "matlab"][..], "unknown format 'matlab'"),
        (&["export", "--load-weights", "/nonexistent.json"][..], "cannot read it"),
        (&["predict", "--data", "x.csv"][..], "--load-weights is missing"),
    ] {
        let (code, _, err) = neuroplay(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains(fragment), "{err}");
    }
}

#[test]
fn plot_draws_an_svg_figure_in_the_datas_own_units() {
    let figure = temp_file("plot", "figure.svg", "");
    let data = temp_file("plot", "data.csv", &classes_csv(60));
    let (code, out, err) = neuroplay(&["train", "--data", &data, "--config", "layers=3", "--epochs", "5", "--plot", &figure]);
    assert_eq!(code, 0, "{err}");
    assert!(json(&out)["epochs_run"] == 5);
    let svg = std::fs::read_to_string(&figure).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("<rect") && svg.contains("<circle") && svg.contains("<polyline"));
    // The axes are named and numbered as in the file (weight 50–149).
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(_, rest)| rest.split("</text>").next().unwrap_or("").trim()))
        .collect();
    assert!(texts.contains(&"weight") && texts.contains(&"height"), "column names on the axes: {texts:?}");
    let numbers: Vec<f64> = texts.iter().filter_map(|t| t.parse().ok()).collect();
    assert!(numbers.iter().any(|v| *v >= 100.0), "ticks in the file's units: {numbers:?}");
    let (code, _, err) = neuroplay(&["train", "--plot", "/nonexistent/dir/f.svg", "--epochs", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("--plot /nonexistent/dir/f.svg: cannot write it"), "{err}");
}

fn train_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["train"];
    all.extend_from_slice(args);
    let (code, out, err) = neuroplay(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn a_lesson_loads_its_whole_setup_and_flags_override_it() {
    let config = |args: &[&str]| train_json(args)["config"].as_str().unwrap().to_string();
    let bias = config(&["--lesson", "bias", "--epochs", "1"]);
    for part in ["lesson=bias&", "dataset=circle&", "&layers=6&", "&activation=tanh&", "&bias=off&", "&optimizer=adam&", "&lr=0.03&"] {
        assert!(bias.contains(part), "{part} in {bias}");
    }
    // The same from a settings string that is just the lesson, as in the page's links.
    assert_eq!(config(&["--config", "lesson=bias", "--epochs", "1"]), bias);
    // Flags and --config keys override the lesson's.
    let on = config(&["--lesson", "bias", "--bias", "on", "--config", "layers=3", "--epochs", "1"]);
    assert!(on.contains("&bias=on&") && on.contains("&layers=3&") && on.contains("&optimizer=adam&"), "{on}");
    let fast = config(&["--config", "lesson=bias", "--lr", "0.1", "--epochs", "1"]);
    assert!(fast.contains("&layers=6&") && fast.contains("&lr=0.1&"), "{fast}");
    // A longer string is taken as written: the lesson key is then the caption alone.
    let caption = config(&["--config", "lesson=bias&dataset=xor", "--epochs", "1"]);
    assert!(caption.contains("dataset=xor&") && caption.contains("&layers=4,2&"), "{caption}");
    // A lesson that compares runs trains each.
    let v = train_json(&["--lesson", "learning-rate", "--epochs", "2"]);
    let labels: Vec<&str> = v["runs"].as_array().unwrap().iter().map(|r| r["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["lr=0.003", "lr=0.3", "lr=10"]);
    let (code, _, err) = neuroplay(&["train", "--lesson", "nonsense"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unknown lesson 'nonsense'") && err.contains("bias"), "{err}");
}

#[test]
fn the_report_reads_the_curves_and_says_why_a_run_broke_down() {
    let cases: [(&str, &str, &[&str]); 7] = [
        ("lesson=bias&dataset=circle&layers=6&activation=tanh&bias=off&optimizer=adam&lr=0.03", "100", &["cannot-learn"]),
        ("dataset=reg-plane&features=x1,x2,x1sq,x2sq&layers=8,8&activation=relu&lr=10", "300", &["diverged"]),
        ("dataset=spiral&layers=3&optimizer=adam&lr=0.03", "300", &["underfitting"]),
        ("dataset=circle&optimizer=adam&lr=3", "100", &["unstable"]),
        ("dataset=circle&layers=4,2&optimizer=sgd&lr=10", "100", &["unstable", "diverged"]),
        ("dataset=circle&noise=40&points=300&train=30&val=20&layers=16,16,16&optimizer=adam&lr=0.01", "150", &["overfitting"]),
        ("dataset=circle", "200", &["improving", "converged"]),
    ];
    for (settings, epochs, want) in cases {
        for seed in ["1", "2", "3"] {
            let v = train_json(&["--config", settings, "--seed", seed, "--epochs", epochs]);
            let verdict = v["reading"]["verdict"].as_str().unwrap();
            let text = v["reading"]["text"].as_str().unwrap();
            assert!(want.contains(&verdict), "{settings} seed {seed}: {verdict}: {text}");
            assert!(text.len() > 40 && text.ends_with('.'), "{text}");
            let broke = ["unstable", "diverged"].contains(&verdict);
            assert_eq!(v["diverged"], broke, "{settings} seed {seed}");
            if broke {
                let reason = v["reason"].as_str().unwrap();
                assert!(reason.contains("is too high for") && reason.contains("divide it by 10"), "{reason}");
                assert!(text.contains(reason), "{text}");
            } else {
                assert!(v.get("reason").is_none());
            }
        }
    }
    // The overfitting lesson's run without regularisation, by its lesson.
    let v = train_json(&["--lesson", "overfitting", "--epochs", "150"]);
    assert_eq!(v["runs"][0]["label"], "reg=none, regRate=0, dropout=0");
    assert_eq!(v["runs"][0]["reading"]["verdict"], "overfitting");
    assert!(v["runs"][0]["reading"]["text"].as_str().unwrap().contains("validation loss rises"));
}

#[test]
fn loaded_weights_too_large_are_refused_with_their_place_not_blamed_on_the_rate() {
    let huge = temp_file("huge", "huge.json", "[[[3e38,3e38],[3e38,3e38],[3e38,3e38]],[[3e38,3e38,3e38]]]");
    let (code, out, err) =
        neuroplay(&["train", "--dataset", "reg-plane", "--layers", "3", "--activation", "relu", "--load-weights", &huge, "--epochs", "20"]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("layer 1, neuron 1, weight 1: 3e+38 is beyond ±100"), "{err}");
    assert!(!err.contains("learning rate"), "{err}");
}

#[test]
fn a_lecture_file_is_checked_lesson_by_lesson() {
    let course = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/course.md");
    let (code, out, err) = neuroplay(&["lecture", course, "--epochs", "3"]);
    assert_eq!(code, 0, "{err}");
    let report = json(&out);
    let lessons = report["lessons"].as_array().unwrap();
    assert_eq!(lessons.len(), neuroplay::lessons::LESSONS.len(), "the whole course");
    for l in lessons {
        let runs = l["runs"].as_array().unwrap();
        assert!(!runs.is_empty());
        for r in runs {
            assert!(r["reading"]["verdict"].is_string() && r["train_loss"].is_number(), "{l}");
        }
    }
    let dir = std::env::temp_dir().join(format!("neuroplay-lecture-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tuesday.md");
    std::fs::write(&file, "# Tuesday\n\n- [Fine](#lesson=bias&until=2)\n  It loads.\n- [Broken](#layers=3&lr=banana)\n").unwrap();
    let (code, out, err) = neuroplay(&["lecture", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("line 5") && err.contains("'Broken'") && err.contains("lr"), "{err}");
    std::fs::write(&file, "just notes\n").unwrap();
    let (code, _, err) = neuroplay(&["lecture", file.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("no lessons"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_saved_model_brings_its_settings_and_a_shape_error_names_the_file() {
    let model = temp_file("own-settings", "model.json", "");
    let config = "dataset=circle&layers=5,3&activation=relu&seed=7";
    let (code, saved, err) = neuroplay(&["train", "--config", config, "--epochs", "10", "--save-weights", &model]);
    assert_eq!(code, 0, "{err}");
    // No --config: the model's own settings, so the same figures.
    let (code, out, err) = neuroplay(&["train", "--load-weights", &model, "--epochs", "0"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["config"], json(&saved)["config"]);
    assert_eq!(json(&out)["train_loss"], json(&saved)["train_loss"]);
    let (code, _, err) = neuroplay(&["train", "--load-weights", &model, "--layers", "2", "--epochs", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains(&format!("--load-weights {model}:")) && err.contains("layer"), "{err}");
    // A file with a byte-order mark reads; one beyond ±100 or of another format does not.
    let text = std::fs::read_to_string(&model).unwrap();
    let bom = temp_file("own-settings", "bom.json", &format!("\u{feff}{text}"));
    assert_eq!(neuroplay(&["train", "--load-weights", &bom, "--epochs", "0"]).0, 0);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut huge = v.clone();
    huge["weights"][0][0][0] = serde_json::json!(1000.0);
    let huge = temp_file("own-settings", "huge.json", &huge.to_string());
    let (code, _, err) = neuroplay(&["predict", "--load-weights", &huge, "--data", &bom]);
    assert_eq!(code, 2);
    assert!(err.contains("beyond ±100"), "{err}");
    let mut other = v;
    other["format"] = serde_json::json!("onnx");
    let other = temp_file("own-settings", "other.json", &other.to_string());
    let (code, _, err) = neuroplay(&["train", "--load-weights", &other]);
    assert_eq!(code, 2);
    assert!(err.contains("not a Neuroplay model"), "{err}");
}

#[test]
fn a_csv_gets_one_verdict_whatever_its_encoding_and_a_reading_is_noted() {
    let text: String = (0..20).map(|i| format!("{i},{},{}\n", i % 5, ["si", "no"][i % 2])).collect();
    let dir = std::env::temp_dir().join(format!("neuroplay-{}-encodings", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_string_lossy().into_owned()
    };
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let utf8 = write("utf8.csv", text.as_bytes());
    let utf16 = write("utf16.csv", &utf16);
    let a = neuroplay(&["train", "--data", &utf8, "--epochs", "2"]);
    let b = neuroplay(&["train", "--data", &utf16, "--epochs", "2"]);
    assert_eq!(a.0, 0, "{}", a.2);
    assert_eq!(a.1, b.1, "UTF-16 with its mark reads as the same data");
    let mut latin1 = text.clone().into_bytes();
    latin1.extend(b"3,4,s\xED\n");
    let latin1 = write("latin1.csv", &latin1);
    let (code, _, err) = neuroplay(&["train", "--data", &latin1]);
    assert_eq!(code, 2);
    assert!(err.contains("line 21:") && err.contains("save the file as UTF-8"), "{err}");
    // Seven whole-number labels are read as regression, and the report says so.
    let seven: String = (0..21).map(|i| format!("{i},{},{}\n", i % 4, i % 7)).collect();
    let (code, out, err) = neuroplay(&["train", "--data", &write("seven.csv", seven.as_bytes()), "--epochs", "1"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["notes"], serde_json::json!(["7 different whole-number labels: read as regression (at most 6 classes)"]));
    assert!(json(&neuroplay(&["train", "--data", &utf8, "--epochs", "1"]).1).get("notes").is_none());
}
