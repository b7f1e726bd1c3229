//! Fuzzes the parsers: `cargo run --profile fuzz --bin fuzz -- [TARGET|all] [COUNT] [SEED]`
//! (targets: settings, csv, weights, cli; default all, 1,000,000 inputs each, seed 1).
//! Prints one line per target and exits 1 if any input panicked or broke a promise.

#[cfg(not(target_arch = "wasm32"))]
use neuroplay::fuzz::{run, Target};

/// The fuzzer runs natively only (it drives the command line too).
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let which = args.first().map_or("all", String::as_str);
    let targets: Vec<Target> = match which {
        "all" => Target::ALL.to_vec(),
        name => match Target::from_name(name) {
            Some(t) => vec![t],
            None => {
                eprintln!("error: unknown target '{name}'; the targets are settings, csv, weights, cli and all");
                std::process::exit(2);
            }
        },
    };
    let number = |i: usize, default: u64, what: &str| match args.get(i) {
        None => default,
        Some(v) => v.replace(['_', ','], "").parse().unwrap_or_else(|_| {
            eprintln!("error: {what} '{v}' is not a whole number");
            std::process::exit(2);
        }),
    };
    let count = number(1, 1_000_000, "the count") as usize;
    let seed = number(2, 1, "the seed");
    let mut failed = false;
    for t in targets {
        let r = run(t, count, seed);
        println!(
            "{:<9} {} inputs, {} accepted ({:.1} %), {} failed, {:.1} s",
            t.name(),
            r.inputs,
            r.accepted,
            100.0 * r.accepted as f64 / r.inputs.max(1) as f64,
            r.failed,
            r.seconds
        );
        for (input, what) in &r.failures {
            println!("  {what}\n    input: {input:?}");
        }
        failed |= r.failed > 0;
    }
    if failed {
        std::process::exit(1);
    }
}
