//! Natively: the command-line trainer. On wasm32: the page's entry point.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    match neuroplay::cli::run(&args) {
        Ok(out) => {
            // A closed pipe (`| head`) ends the output quietly instead of panicking.
            use std::io::Write;
            let _ = writeln!(std::io::stdout().lock(), "{out}");
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
fn main() {
    neuroplay::ui::start();
}

#[cfg(all(target_arch = "wasm32", not(feature = "ui")))]
fn main() {}
