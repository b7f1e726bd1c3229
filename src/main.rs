//! The command-line trainer (natively). The page is the `web` package's binary.

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

// The page is the `web` package's binary.
#[cfg(target_arch = "wasm32")]
fn main() {}
