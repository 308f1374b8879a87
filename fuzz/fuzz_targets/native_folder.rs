#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Ok or Err are both fine; a panic, timeout or OOM is a finding.
    let _ = embedscope::data::formats::fuzzing::native_folder(data);
});
