//! Every parser, 10,000 seeded mutated inputs each: no panic, no broken promise.
//! (`cargo run --profile fuzz --bin fuzz` runs a million each.)
#![cfg(not(target_arch = "wasm32"))]

use neuroplay::fuzz::{run, Target};

#[test]
fn ten_thousand_mutated_inputs_per_parser_break_nothing() {
    for target in Target::ALL {
        let r = run(target, 10_000, 2026);
        assert_eq!(r.inputs, 10_000);
        assert_eq!(r.failed, 0, "{}: {:#?}", target.name(), r.failures);
        // Valid inputs pass too: the fuzzer reaches past the first check.
        assert!(r.accepted >= 1_000, "{}: only {} accepted", target.name(), r.accepted);
    }
}
