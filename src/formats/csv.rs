//! Your own data: rows of `x1,x2,label` (classification: up to 6 distinct labels, numbers
//! or words) or `x1,x2,y` (regression: chosen when the last column holds more than 6
//! distinct numbers or any fraction). A header is optional; commas or semicolons separate.
//! Any numeric range works: the coordinates are rescaled onto the plot and the original
//! scale is kept, so axes, exports and predictions speak in the file's own units.
//! A broken file is refused with one message naming the first bad line and why.

use crate::data::{Point, Problem, DOMAIN};
use std::fmt;

/// The most rows a file may have.
pub const MAX_ROWS: usize = 10_000;
/// The fewest rows a network can be trained and tested on.
pub const MIN_ROWS: usize = 10;
/// The most classes.
pub const MAX_CLASSES: usize = 6;
/// Where the data's range lands on the plot: ±90 % of its half-width, off the edges.
pub const PLOT_REACH: f32 = 0.9 * DOMAIN;

/// Why a file was refused, for a student to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    /// The 1-based line of the first problem (`None` for the file as a whole).
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for CsvError {}

fn whole(message: impl Into<String>) -> CsvError {
    CsvError { line: None, message: message.into() }
}

fn at(line: usize, message: impl Into<String>) -> CsvError {
    CsvError { line: Some(line), message: message.into() }
}

/// One axis's original range and how it maps onto the plot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Axis {
    /// Smallest value in the file.
    pub min: f32,
    /// Largest value in the file.
    pub max: f32,
}

impl Axis {
    fn of(values: impl Iterator<Item = f32>) -> Axis {
        let (min, max) = values.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
        Axis { min, max }
    }

    /// The middle of the range.
    pub fn mid(&self) -> f32 {
        0.5 * (self.min + self.max)
    }

    /// Half the range (1 for a constant column, so it maps to the middle).
    pub fn half(&self) -> f32 {
        let h = 0.5 * (self.max - self.min);
        if h > 0.0 && h.is_finite() {
            h
        } else {
            1.0
        }
    }

    /// A file value onto `[-reach, reach]`.
    pub fn scale(&self, v: f32, reach: f32) -> f32 {
        (v - self.mid()) / self.half() * reach
    }

    /// A value on `[-reach, reach]` back to the file's units.
    pub fn unscale(&self, v: f32, reach: f32) -> f32 {
        v / reach * self.half() + self.mid()
    }
}

/// An imported dataset: its points on the plot and how to get back to the file's units.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomData {
    /// The points, coordinates on the plot (±[`PLOT_REACH`]); a class index, or a target
    /// rescaled onto [−1, 1] like the built-in regression datasets.
    pub points: Vec<Point>,
    /// Classes (2 to 6) or regression.
    pub problem: Problem,
    /// The label of each class as the file wrote it (empty for regression).
    pub class_names: Vec<String>,
    /// The original ranges of x1 and x2.
    pub inputs: [Axis; 2],
    /// The original range of the regression target.
    pub target: Option<Axis>,
    /// The file's column names (x1, x2 and the label's), or the defaults.
    pub columns: [String; 3],
    /// How the file was read where it could have been read another way, for the student
    /// ("7 different whole-number labels: read as regression (at most 6 classes)").
    pub notes: Vec<String>,
}

impl CustomData {
    /// A point of the file's units on the plot.
    pub fn to_plot(&self, x1: f32, x2: f32) -> (f32, f32) {
        (self.inputs[0].scale(x1, PLOT_REACH), self.inputs[1].scale(x2, PLOT_REACH))
    }

    /// A point of the plot in the file's units.
    pub fn from_plot(&self, x1: f32, x2: f32) -> (f32, f32) {
        (self.inputs[0].unscale(x1, PLOT_REACH), self.inputs[1].unscale(x2, PLOT_REACH))
    }

    /// A network output for regression in the file's units (as is for classes).
    pub fn target_from_plot(&self, y: f32) -> f32 {
        self.target.map_or(y, |t| t.unscale(y, 1.0))
    }

    /// The data as CSV in the file's units, with a header: what export writes. Fields
    /// are quoted where they need it, so any label reads back as itself.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut rows = vec![self.columns.to_vec()];
        for p in &self.points {
            let (x1, x2) = self.from_plot(p.x1, p.x2);
            let label = match self.problem {
                Problem::Regression => self.target_from_plot(p.label).to_string(),
                _ => self.class_names.get(p.label as usize).cloned().unwrap_or_default(),
            };
            rows.push(vec![x1.to_string(), x2.to_string(), label]);
        }
        for r in rows {
            // Writing to memory cannot fail.
            let _ = w.write_record(&r);
        }
        w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
    }
}

impl CustomData {
    /// The scale and names, without the points: what a saved model keeps of its data.
    pub fn scale_json(&self) -> serde_json::Value {
        let axis = |a: &Axis| serde_json::json!([a.min, a.max]);
        serde_json::json!({
            "columns": self.columns,
            "inputs": [axis(&self.inputs[0]), axis(&self.inputs[1])],
            "target": self.target.as_ref().map(axis),
            "classes": self.class_names,
        })
    }

    /// Reads what [`scale_json`](Self::scale_json) wrote (the points stay empty).
    pub fn from_scale_json(v: &serde_json::Value) -> Result<CustomData, String> {
        let axis = |v: &serde_json::Value, what: &str| -> Result<Axis, String> {
            let pair = v.as_array().filter(|a| a.len() == 2).ok_or_else(|| format!("data.{what}: expected [min, max]"))?;
            let n = |x: &serde_json::Value| {
                x.as_f64().map(|x| x as f32).filter(|x| x.is_finite()).ok_or_else(|| format!("data.{what}: {x} is not a number"))
            };
            let (min, max) = (n(&pair[0])?, n(&pair[1])?);
            if min > max {
                return Err(format!("data.{what}: the minimum {min} is above the maximum {max}"));
            }
            Ok(Axis { min, max })
        };
        let inputs =
            v.get("inputs").and_then(|i| i.as_array()).filter(|a| a.len() == 2).ok_or("data.inputs: expected [[min, max], [min, max]]")?;
        let inputs = [axis(&inputs[0], "inputs")?, axis(&inputs[1], "inputs")?];
        let target = match v.get("target") {
            None | Some(serde_json::Value::Null) => None,
            Some(t) => Some(axis(t, "target")?),
        };
        let strings = |key: &str| -> Vec<String> {
            v.get(key)
                .and_then(|c| c.as_array())
                .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        let class_names = strings("classes");
        let problem = match (target, class_names.len()) {
            (Some(_), _) => Problem::Regression,
            (None, 2) => Problem::Binary,
            (None, k) if (3..=MAX_CLASSES).contains(&k) => Problem::MultiClass(k),
            (None, k) => return Err(format!("data.classes: {k} classes; a model of classes has 2 to {MAX_CLASSES}")),
        };
        let mut columns = ["x1".to_string(), "x2".to_string(), "label".to_string()];
        for (c, name) in columns.iter_mut().zip(strings("columns")) {
            *c = name;
        }
        Ok(CustomData { points: Vec::new(), problem, class_names, inputs, target, columns, notes: Vec::new() })
    }
}

/// [`read_inputs`] of a file's bytes, decoded as the page and the command line both do
/// (see [`text::decode`](super::text::decode)).
pub fn read_inputs_bytes(bytes: &[u8]) -> Result<Vec<(f32, f32)>, CsvError> {
    read_inputs(&super::text::decode(bytes)?)
}

/// [`parse`] of a file's bytes, decoded as the page and the command line both do (see
/// [`text::decode`](super::text::decode)).
pub fn parse_bytes(bytes: &[u8]) -> Result<CustomData, CsvError> {
    parse(&super::text::decode(bytes)?)
}

/// Reads the first two columns of each row as numbers (a header and any later columns
/// allowed and ignored): the rows `predict` answers for, in the file's units.
pub fn read_inputs(text: &str) -> Result<Vec<(f32, f32)>, CsvError> {
    Ok(read_rows(text, 2)?.rows.into_iter().map(|r| (r.x1, r.x2)).collect())
}

/// Reads and checks an import file.
pub fn parse(text: &str) -> Result<CustomData, CsvError> {
    let table = read_rows(text, 3)?;
    let rows = table.rows;
    if rows.len() < MIN_ROWS {
        return Err(whole(format!("{} rows of data; a network needs at least {MIN_ROWS} to train and test on", rows.len())));
    }
    for r in &rows {
        if r.label.contains('\0') {
            return Err(at(r.line, "the label holds a NUL byte (\\0); labels are text"));
        }
        if r.label.parse::<f32>().is_ok_and(f32::is_nan) {
            return Err(at(r.line, format!("the label '{}' is not a number (NaN); write a class name or a number", r.label)));
        }
    }
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    let numbers: Option<Vec<f32>> = labels.iter().map(|l| l.parse::<f32>().ok().filter(|v| v.is_finite())).collect();
    let mut distinct: Vec<&str> = labels.clone();
    distinct.sort_unstable();
    distinct.dedup();
    let regression = numbers.as_ref().is_some_and(|n| n.iter().any(|v| v.fract() != 0.0) || distinct.len() > MAX_CLASSES);
    let inputs = [Axis::of(rows.iter().map(|r| r.x1)), Axis::of(rows.iter().map(|r| r.x2))];
    let place = |r: &Row| (inputs[0].scale(r.x1, PLOT_REACH), inputs[1].scale(r.x2, PLOT_REACH));
    if regression {
        let ys = numbers.unwrap_or_default();
        let mut notes = Vec::new();
        if ys.iter().all(|v| v.fract() == 0.0) {
            notes.push(format!("{} different whole-number labels: read as regression (at most {MAX_CLASSES} classes)", distinct.len()));
        }
        let target = Axis::of(ys.iter().copied());
        let points = rows.iter().zip(&ys).map(|(r, &y)| {
            let (x1, x2) = place(r);
            Point { x1, x2, label: target.scale(y, 1.0) }
        });
        return Ok(CustomData {
            points: points.collect(),
            problem: Problem::Regression,
            class_names: Vec::new(),
            inputs,
            target: Some(target),
            columns: table.columns,
            notes,
        });
    }
    if distinct.len() > MAX_CLASSES {
        // Words: the first row whose label makes one class too many.
        let mut seen: Vec<&str> = Vec::new();
        for r in &rows {
            if !seen.contains(&r.label.as_str()) {
                seen.push(&r.label);
                if seen.len() > MAX_CLASSES {
                    return Err(at(
                        r.line,
                        format!("'{}' is a {}th class; at most {MAX_CLASSES} classes (a label column of numbers with fractions or more than {MAX_CLASSES} values is read as regression)", r.label, seen.len()),
                    ));
                }
            }
        }
    }
    if distinct.len() < 2 {
        return Err(whole(format!(
            "every row has the label '{}'; classification needs at least 2 classes",
            distinct.first().copied().unwrap_or("")
        )));
    }
    // Classes in order: numerically for numbers, alphabetically for words.
    let mut names: Vec<String> = distinct.iter().map(|s| s.to_string()).collect();
    if numbers.is_some() {
        names.sort_by(|a, b| a.parse::<f32>().unwrap_or(0.0).total_cmp(&b.parse::<f32>().unwrap_or(0.0)));
    }
    let points = rows.iter().map(|r| {
        let (x1, x2) = place(r);
        let class = names.iter().position(|n| *n == r.label).unwrap_or(0);
        Point { x1, x2, label: class as f32 }
    });
    let k = names.len();
    Ok(CustomData {
        points: points.collect(),
        problem: if k == 2 { Problem::Binary } else { Problem::MultiClass(k) },
        class_names: names,
        inputs,
        target: None,
        columns: table.columns,
        notes: Vec::new(),
    })
}

struct Row {
    line: usize,
    x1: f32,
    x2: f32,
    label: String,
}

struct Table {
    rows: Vec<Row>,
    columns: [String; 3],
}

/// Splits the file into rows of at least `need` columns (2: coordinates only, extra
/// columns ignored; 3: exactly x1, x2 and the label).
fn read_rows(text: &str, need: usize) -> Result<Table, CsvError> {
    let text = text.trim_start_matches('\u{feff}');
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return Err(whole("the file is empty; write one point per line as x1,x2,label"));
    };
    let delimiter = if first.contains(';') { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).delimiter(delimiter).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut columns = ["x1".to_string(), "x2".to_string(), "label".to_string()];
    let mut header_allowed = true;
    for record in reader.records() {
        let record = record.map_err(|e| at(e.position().map_or(0, |p| p.line() as usize), "this line cannot be read as CSV"))?;
        let line = record.position().map_or(rows.len() + 1, |p| p.line() as usize);
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let width_ok = if need == 3 { record.len() == 3 } else { record.len() >= 2 };
        if !width_ok {
            let want = if need == 3 { "3 columns (x1, x2, label)".to_string() } else { "at least 2 columns (x1, x2)".to_string() };
            return Err(at(line, format!("{want} expected, found {}", record.len())));
        }
        for (i, col) in [(0, "x1"), (1, "x2")] {
            let field = record.get(i).unwrap_or("");
            if let Ok(v) = field.parse::<f32>() {
                if v.is_nan() || (v.is_infinite() && field.to_lowercase().contains("inf")) {
                    return Err(at(line, format!("'{field}' is not a finite number (column {col})")));
                }
                if v.is_infinite() {
                    return Err(at(line, format!("'{field}' is out of range (column {col}): numbers go up to about 3.4e38 either way")));
                }
            }
        }
        let number = |i: usize| record.get(i).and_then(|f| f.parse::<f32>().ok()).filter(|v| v.is_finite());
        match (number(0), number(1)) {
            (Some(x1), Some(x2)) => {
                header_allowed = false;
                rows.push(Row { line, x1, x2, label: record.get(2).unwrap_or("").to_string() });
                if rows.len() > MAX_ROWS {
                    return Err(at(line, format!("more than {MAX_ROWS} rows; the page and the trainer take at most {MAX_ROWS} points")));
                }
            }
            // A header: the first line, with no number where the coordinates go.
            (None, None) if header_allowed => {
                header_allowed = false;
                for (c, name) in columns.iter_mut().zip(record.iter()) {
                    // Names never hold a separator or a quote, so the CSV written back reads alike.
                    *c = name.replace(['"', ',', ';'], "_");
                }
            }
            (x1, _) => {
                let (col, field) = if x1.is_none() { ("x1", record.get(0)) } else { ("x2", record.get(1)) };
                let field = field.unwrap_or("");
                let hint = if field.replace(',', ".").parse::<f32>().is_ok() { " (write decimals with a point: 2.5, not 2,5)" } else { "" };
                return Err(at(line, format!("'{field}' is not a number (column {col}){hint}")));
            }
        }
        if need == 3 && rows.last().is_some_and(|r| r.line == line && r.label.is_empty()) {
            return Err(at(line, "the label is empty"));
        }
    }
    if rows.is_empty() {
        return Err(whole("the file has no rows of data; write one point per line as x1,x2,label"));
    }
    Ok(Table { rows, columns })
}

/// The loss history as CSV, one row per recorded epoch: `epoch,train_loss,test_loss`, with
/// `val_loss` when there is a validation set; a comparison's runs one after another, each
/// row starting with its run's number and label.
pub fn losses_csv(runs: &[(&str, &crate::engine::metrics::LossHistory)]) -> String {
    let has_val = runs.iter().any(|(_, h)| h.points().iter().any(|p| p.val.is_some()));
    let compare = runs.len() > 1;
    let mut out = String::new();
    if compare {
        out.push_str("run,label,");
    }
    out.push_str(if has_val { "epoch,train_loss,test_loss,val_loss\n" } else { "epoch,train_loss,test_loss\n" });
    for (k, (label, history)) in runs.iter().enumerate() {
        for p in history.points() {
            if compare {
                out.push_str(&format!("{},\"{}\",", k + 1, label.replace('"', "\"\"")));
            }
            out.push_str(&format!("{},{},{}", p.epoch, p.train, p.test));
            if has_val {
                out.push_str(&p.val.map_or(",".into(), |v| format!(",{v}")));
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn rows(f: impl Fn(usize) -> String, n: usize) -> String {
        (0..n).map(f).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn classes_from_numbers_or_words_with_or_without_a_header() {
        let text = format!("height;weight;kind\n{}", rows(|i| format!("{};{};{}", 150 + i, 40 + 2 * i, ["cat", "dog", "bird"][i % 3]), 12));
        let d = parse(&text).unwrap();
        assert_eq!(d.problem, Problem::MultiClass(3));
        assert_eq!(d.class_names, vec!["bird", "cat", "dog"]);
        assert_eq!(d.columns, ["height".to_string(), "weight".to_string(), "kind".to_string()]);
        assert_eq!(d.points.len(), 12);
        assert_eq!(d.points[0].label, 1.0, "row 0 is a cat");
        // The range lands on ±0.9·6 and comes back.
        let xs: Vec<f32> = d.points.iter().map(|p| p.x1).collect();
        assert!((xs[0] + PLOT_REACH).abs() < 1e-5 && (xs[11] - PLOT_REACH).abs() < 1e-5);
        let (x1, x2) = d.from_plot(d.points[5].x1, d.points[5].x2);
        assert!((x1 - 155.0).abs() < 1e-3 && (x2 - 50.0).abs() < 1e-3);
        let d = parse(&rows(|i| format!("{},{},{}", i, i % 4, i % 2), 20)).unwrap();
        assert_eq!((d.problem, d.class_names.clone()), (Problem::Binary, vec!["0".to_string(), "1".to_string()]));
        // Numeric labels sort as numbers: 10 comes after 9.
        let d = parse(&rows(|i| format!("{i},{i},{}", [9, 10, 2][i % 3]), 12)).unwrap();
        assert_eq!(d.class_names, vec!["2", "9", "10"]);
    }

    #[test]
    fn fractions_or_many_numbers_make_regression_in_the_files_units() {
        let d = parse(&rows(|i| format!("{i},{},{}", i * 2, i as f32 * 0.5 - 3.0), 30)).unwrap();
        assert_eq!(d.problem, Problem::Regression);
        let t = d.target.unwrap();
        assert_eq!((t.min, t.max), (-3.0, 11.5));
        assert!(d.points.iter().all(|p| (-1.0..=1.0).contains(&p.label)));
        assert!((d.target_from_plot(d.points[4].label) - -1.0).abs() < 1e-5);
        let d = parse(&rows(|i| format!("{i},{i},{}", i * 100), 10)).unwrap();
        assert_eq!(d.problem, Problem::Regression, "more than 6 whole numbers");
        assert_eq!(d.notes, vec!["10 different whole-number labels: read as regression (at most 6 classes)".to_string()]);
        let seven = parse(&rows(|i| format!("{i},{i},{}", i % 7), 14)).unwrap();
        assert_eq!(seven.notes, vec!["7 different whole-number labels: read as regression (at most 6 classes)".to_string()]);
        assert!(parse(&rows(|i| format!("{i},{i},{}", i % 6), 12)).unwrap().notes.is_empty(), "6 classes need no note");
        // The CSV written back reads as the same data.
        let again = parse(&d.to_csv()).unwrap();
        assert_eq!(again.points.len(), 10);
        for (a, b) in again.points.iter().zip(&d.points) {
            assert!((a.x1 - b.x1).abs() < 1e-4 && (a.label - b.label).abs() < 1e-4);
        }
    }

    #[test]
    fn every_broken_file_is_refused_with_its_first_bad_line() {
        let good = |n: usize| rows(|i| format!("{i},{i},{}", i % 2), n);
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "the file is empty"),
            ("  \n\n".into(), "the file is empty"),
            ("x1,x2,label\n".into(), "no rows of data"),
            (good(5), "at least 10"),
            (format!("{}\n3,abc,1\n{}", good(4), good(8)), "line 5: 'abc' is not a number (column x2)"),
            (format!("{}\nnan,1,1", good(12)), "line 13: 'nan' is not a finite number (column x1)"),
            (format!("{}\n1,inf,1", good(12)), "line 13: 'inf' is not a finite number (column x2)"),
            (format!("{}\n1e400,1,1", good(12)), "line 13: '1e400' is out of range (column x1)"),
            (format!("{}\n1,2,NaN\n{}", good(12), good(3)), "line 13: the label 'NaN' is not a number"),
            (format!("{}\n1,2,b\0\n", rows(|i| format!("{i},{i},{}", ["a", "b"][i % 2]), 12)), "line 13: the label holds a NUL byte"),
            (format!("{}\n1,2", good(12)), "line 13: 3 columns (x1, x2, label) expected, found 2"),
            (format!("{}\n1,2,3,4", good(12)), "line 13: 3 columns"),
            (format!("{}\n1,2,", good(12)), "line 13: the label is empty"),
            (rows(|i| format!("{i},{i},{}", ["a", "b", "c", "d", "e", "f", "g"][i % 7]), 20), "line 7: 'g' is a 7th class"),
            (rows(|i| format!("{i},{i},same"), 20), "at least 2 classes"),
            (rows(|i| format!("{i},{i},{}", i % 2), MAX_ROWS + 5), "line 10001: more than 10000 rows"),
            ("a,b,c\nd,e,f\n".into(), "line 2: 'd' is not a number (column x1)"),
            // A first line with one number is a data line with a mistake, not a header.
            (
                format!("1.5;2,5;0\n{}", good(12).replace(',', ";")),
                "line 1: '2,5' is not a number (column x2) (write decimals with a point",
            ),
        ];
        for (text, fragment) in cases {
            let e = parse(&text).expect_err(fragment);
            assert!(e.to_string().contains(fragment), "'{e}' lacks '{fragment}'");
        }
    }

    #[test]
    fn a_files_bytes_get_one_verdict_whatever_the_encoding() {
        let text = rows(|i| format!("{i},{i},{}", ["oui", "non"][i % 2]), 12);
        let d = parse(&text).unwrap();
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(parse_bytes(&utf16).unwrap(), d);
        assert_eq!(parse_bytes(&[b"\xEF\xBB\xBF", text.as_bytes()].concat()).unwrap(), d);
        // A Latin-1 é is not a third class named after a replacement character.
        let latin1 = format!("{text}\n1,2,caf").into_bytes().into_iter().chain([0xE9]).collect::<Vec<u8>>();
        let e = parse_bytes(&latin1).unwrap_err();
        assert_eq!(e.line, Some(13));
        assert!(e.message.contains("save the file as UTF-8"), "{e}");
        assert!(read_inputs_bytes(&latin1).is_err());
    }

    #[test]
    fn prediction_rows_take_the_first_two_columns() {
        assert_eq!(read_inputs("a,b,c\n1,2,yes\n3,4,no\n").unwrap(), vec![(1.0, 2.0), (3.0, 4.0)]);
        assert_eq!(read_inputs("1;2\n3;4").unwrap(), vec![(1.0, 2.0), (3.0, 4.0)]);
        assert!(read_inputs("1\n").unwrap_err().to_string().contains("line 1: at least 2 columns"));
    }

    #[test]
    fn loss_histories_write_one_row_per_epoch_and_run() {
        use crate::engine::metrics::{LossHistory, LossPoint};
        let mut a = LossHistory::new(10);
        a.push(LossPoint { epoch: 0, train: 0.5, test: 0.75, val: None });
        a.push(LossPoint { epoch: 1, train: 0.25, test: 0.5, val: None });
        assert_eq!(losses_csv(&[("", &a)]), "epoch,train_loss,test_loss\n0,0.5,0.75\n1,0.25,0.5\n");
        let mut b = LossHistory::new(10);
        b.push(LossPoint { epoch: 0, train: 0.5, test: 0.75, val: Some(0.625) });
        assert_eq!(
            losses_csv(&[("lr=0.1", &a), ("lr=\"1\"", &b)]),
            "run,label,epoch,train_loss,test_loss,val_loss\n1,\"lr=0.1\",0,0.5,0.75,\n1,\"lr=0.1\",1,0.25,0.5,\n2,\"lr=\"\"1\"\"\",0,0.5,0.75,0.625\n"
        );
    }
}
