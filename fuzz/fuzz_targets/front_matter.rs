//! libFuzzer entry for `isms::fuzzing::front_matter`; the work and the invariants live there.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| isms::fuzzing::front_matter(data));
