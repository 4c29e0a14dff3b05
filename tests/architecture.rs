//! The library reads top to bottom: no module of `src/` reaches, through `crate::` paths,
//! a module that reaches back to it (issue 13). Doc comments and unit tests do not count:
//! they may point anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level module → the top-level modules its code names through `crate::`.
fn dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for path in rust_files(&src) {
        let path = path.as_path();
        let relative = path.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let module = first.to_str().unwrap().trim_end_matches(".rs").to_string();
        if module == "main" || module == "lib" {
            continue;
        }
        let text = fs::read_to_string(path).unwrap();
        // Unit tests sit at the end of a file, after `#[cfg(test)]`.
        let code = text.split("#[cfg(test)]").next().unwrap();
        let names = graph.entry(module.clone()).or_default();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (at, _) in line.match_indices("crate::") {
                let rest = &line[at + "crate::".len()..];
                let mut found: Vec<&str> = Vec::new();
                if let Some(group) = rest.strip_prefix('{') {
                    // `use crate::{a, b::c}`: the group may span lines; one line is
                    // enough for the imports this library writes.
                    found.extend(group.split(',').filter_map(|part| {
                        part.trim().split("::").next().filter(|n| !n.is_empty())
                    }));
                } else {
                    let end = rest
                        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len());
                    found.push(&rest[..end]);
                }
                for name in found {
                    let name = name.trim_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
                    if !name.is_empty() && name != module {
                        names.insert(name.to_string());
                    }
                }
            }
        }
    }
    graph
}

/// Every `.rs` file under `folder`.
fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// A path `from` → … → `to` in `graph`, if there is one.
fn path(graph: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> Option<Vec<String>> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![vec![from.to_string()]];
    while let Some(trail) = stack.pop() {
        let last = trail.last().unwrap();
        if last == to && trail.len() > 1 {
            return Some(trail);
        }
        if !seen.insert(last.clone()) {
            continue;
        }
        for next in graph.get(last).into_iter().flatten() {
            let mut longer = trail.clone();
            longer.push(next.clone());
            stack.push(longer);
        }
    }
    None
}

#[test]
fn no_module_depends_on_a_module_that_depends_on_it() {
    let graph = dependencies();
    assert!(graph.contains_key("lint") && graph.contains_key("diagnostic"));
    let cycles: Vec<String> = graph
        .keys()
        .filter_map(|module| path(&graph, module, module))
        .map(|trail| trail.join(" → "))
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_check_finds_a_cycle_when_there_is_one() {
    let mut graph = dependencies();
    graph
        .entry("finding".into())
        .or_default()
        .insert("render".into());
    assert!(path(&graph, "finding", "finding").is_some());
}
