//! Any bytes through the whole per-file pipeline and every output format; the invariants are those
//! of the regression test over the inputs this target found (`tests/fuzz_regressions.rs`).
#![no_main]

#[path = "../../tests/common/pipeline.rs"]
#[allow(dead_code)] // `kind_and_file` is `pipeline_as_kind`'s
mod pipeline;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    pipeline::check_and_render_everything(bytes, None);
});
