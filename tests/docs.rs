//! The README's settings table names every key of the settings table, and every command's
//! help its flags: the documentation cannot fall behind the code silently.
#![cfg(not(target_arch = "wasm32"))]

use neuroplay::config::TABLE;

#[test]
fn the_readme_documents_every_settings_key_and_command() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table: String = readme.lines().filter(|l| l.starts_with("| `")).collect::<Vec<_>>().join("\n");
    for key in TABLE {
        assert!(table.contains(&format!("`{}`", key.name)), "README's settings table lacks `{}`", key.name);
    }
    for command in ["train", "backprop", "lr-find", "predict", "export"] {
        assert!(readme.contains(&format!("neuroplay {command}")), "README does not show `neuroplay {command}`");
        let help = neuroplay::cli::run(&[command.to_string(), "--help".to_string()]).unwrap();
        assert!(help.contains("--config") && help.contains("(default: "), "{command} --help lists flags with defaults");
    }
}
