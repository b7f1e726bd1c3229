//! A training step and a grid evaluation allocate nothing once their buffers have grown:
//! a counting allocator watches the test's own thread while they run (the test harness's
//! other threads may allocate meanwhile; they are not counted).
#![cfg(not(target_arch = "wasm32"))]

use neuroplay::bench::Workload;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static WATCHING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    if WATCHING.try_with(Cell::get).unwrap_or(false) {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations this thread makes while `f` runs.
fn allocations_during(f: impl FnOnce()) -> usize {
    ALLOCATIONS.with(|c| c.set(0));
    WATCHING.with(|w| w.set(true));
    f();
    WATCHING.with(|w| w.set(false));
    ALLOCATIONS.with(Cell::get)
}

#[test]
fn training_steps_and_grid_evaluations_do_not_allocate() {
    // The counter sees allocations at all.
    assert_eq!(allocations_during(|| drop(std::hint::black_box(vec![1u8; 16]))), 1);
    for w in Workload::ALL {
        let mut t = w.trainer();
        t.train_epochs(2); // buffers grow to their sizes here
        let n = allocations_during(|| {
            for _ in 0..200 {
                t.step();
            }
        });
        assert_eq!(n, 0, "{}: {n} allocations in 200 training steps", w.name());

        let (mut net, grid) = w.grid();
        net.forward(&grid, None);
        let n = allocations_during(|| {
            for _ in 0..3 {
                net.forward(&grid, None);
            }
        });
        assert_eq!(n, 0, "{}: {n} allocations in 3 grid evaluations", w.name());
    }
}
