//! What `cargo install copylint` gets from crates.io: the package holds the code, the
//! built-in lexicons and the templates it compiles in, and none of the test fixtures.

use std::process::Command;

#[test]
fn the_crate_package_holds_what_the_build_needs_and_no_fixtures() {
    let out = Command::new(env!("CARGO"))
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let files = String::from_utf8(out.stdout).unwrap();
    let files: Vec<&str> = files.lines().collect();
    for needed in [
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "src/main.rs",
        "lexicons/openai-on-aws.yaml",
        "lexicons/cloud-claims.yaml",
        "lexicons/brand-names.yaml",
        "templates/report.html",
        "templates/starter.copylint.yaml",
    ] {
        assert!(
            files.contains(&needed),
            "the package lacks {needed}: {files:?}"
        );
    }
    for file in &files {
        for left_out in [
            "tests/", "fuzz/", "samples/", "bench/", "editors/", ".github/",
        ] {
            assert!(!file.starts_with(left_out), "the package ships {file}");
        }
    }
}
