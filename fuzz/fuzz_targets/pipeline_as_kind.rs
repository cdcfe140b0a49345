//! As `pipeline`, with the file checked as a kind chosen by the input's first byte (`--kind`): every
//! schema and rule meets documents of every shape, not only those their kind's detection lets in.
#![no_main]

#[path = "../../tests/common/pipeline.rs"]
mod pipeline;

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    if let Some((kind, file)) = pipeline::kind_and_file(input) {
        pipeline::check_and_render_everything(file, Some(kind));
    }
});
