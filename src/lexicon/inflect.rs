//! English verb inflection for lexicon phrases: `{enable}` stands for enable, enables,
//! enabled, enabling; a rewrite `{integrate} with` is put in the same form as the phrase
//! it replaces.
//!
//! Regular verbs follow spelling rules; a table covers the irregular and
//! consonant-doubling verbs common in product copy. Lexicon authors can always spell a
//! verb out in full: `{stop|stops|stopped|stopped|stopping}`.

/// A verb form. The order is the order phrases expand in; when two forms are spelled the
/// same (enabled / enabled) the earlier one names the variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Form {
    /// enable
    Base,
    /// enables
    Third,
    /// enabled (simple past)
    Past,
    /// enabled / given (past participle)
    Participle,
    /// enabling
    Gerund,
}

impl Form {
    /// Every form, in expansion order.
    pub const ALL: [Form; 5] = [
        Form::Base,
        Form::Third,
        Form::Past,
        Form::Participle,
        Form::Gerund,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// The five forms of a verb: base, third person singular, past, past participle, gerund.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForms(pub [String; 5]);

impl VerbForms {
    /// The spelling of `form`.
    pub fn get(&self, form: Form) -> &str {
        &self.0[form.index()]
    }

    /// Forms of a verb written as `verb` (rules and table) or `a|b|c|d|e` (spelled out).
    /// A multi-word verb (`set up`) inflects its first word. Returns `None` for malformed
    /// spelled-out lists.
    pub fn parse(spec: &str) -> Option<VerbForms> {
        let spec = spec.trim();
        if spec.contains('|') {
            let parts: Vec<&str> = spec.split('|').map(str::trim).collect();
            if parts.len() != 5 || parts.iter().any(|p| p.is_empty()) {
                return None;
            }
            let owned: Vec<String> = parts.into_iter().map(str::to_string).collect();
            return Some(VerbForms(owned.try_into().ok()?));
        }
        if spec.is_empty() {
            return None;
        }
        let (head, tail) = match spec.find(char::is_whitespace) {
            Some(i) => (&spec[..i], &spec[i..]),
            None => (spec, ""),
        };
        let forms = inflect_word(head);
        Some(VerbForms(forms.map(|f| format!("{f}{tail}"))))
    }
}

/// Verbs whose forms spelling rules cannot derive: (base, third, past, participle, gerund).
const IRREGULAR: &[[&str; 5]] = &[
    ["be", "is", "was", "been", "being"],
    ["have", "has", "had", "had", "having"],
    ["do", "does", "did", "done", "doing"],
    ["go", "goes", "went", "gone", "going"],
    ["make", "makes", "made", "made", "making"],
    ["give", "gives", "gave", "given", "giving"],
    ["bring", "brings", "brought", "brought", "bringing"],
    ["come", "comes", "came", "come", "coming"],
    ["get", "gets", "got", "gotten", "getting"],
    ["take", "takes", "took", "taken", "taking"],
    ["run", "runs", "ran", "run", "running"],
    ["send", "sends", "sent", "sent", "sending"],
    ["build", "builds", "built", "built", "building"],
    ["buy", "buys", "bought", "bought", "buying"],
    ["sell", "sells", "sold", "sold", "selling"],
    ["tell", "tells", "told", "told", "telling"],
    ["say", "says", "said", "said", "saying"],
    ["pay", "pays", "paid", "paid", "paying"],
    ["lay", "lays", "laid", "laid", "laying"],
    ["know", "knows", "knew", "known", "knowing"],
    ["see", "sees", "saw", "seen", "seeing"],
    ["find", "finds", "found", "found", "finding"],
    ["keep", "keeps", "kept", "kept", "keeping"],
    ["let", "lets", "let", "let", "letting"],
    ["put", "puts", "put", "put", "putting"],
    ["set", "sets", "set", "set", "setting"],
    ["read", "reads", "read", "read", "reading"],
    ["write", "writes", "wrote", "written", "writing"],
    ["speak", "speaks", "spoke", "spoken", "speaking"],
    ["grow", "grows", "grew", "grown", "growing"],
    ["begin", "begins", "began", "begun", "beginning"],
    ["choose", "chooses", "chose", "chosen", "choosing"],
    ["drive", "drives", "drove", "driven", "driving"],
    ["leave", "leaves", "left", "left", "leaving"],
    ["lead", "leads", "led", "led", "leading"],
    ["meet", "meets", "met", "met", "meeting"],
    ["hold", "holds", "held", "held", "holding"],
    ["stand", "stands", "stood", "stood", "standing"],
    [
        "understand",
        "understands",
        "understood",
        "understood",
        "understanding",
    ],
    ["show", "shows", "showed", "shown", "showing"],
    ["win", "wins", "won", "won", "winning"],
    ["cut", "cuts", "cut", "cut", "cutting"],
    ["hit", "hits", "hit", "hit", "hitting"],
    ["split", "splits", "split", "split", "splitting"],
    ["spin", "spins", "spun", "spun", "spinning"],
    ["think", "thinks", "thought", "thought", "thinking"],
    ["teach", "teaches", "taught", "taught", "teaching"],
    ["seek", "seeks", "sought", "sought", "seeking"],
    ["feed", "feeds", "fed", "fed", "feeding"],
    ["spend", "spends", "spent", "spent", "spending"],
    ["lend", "lends", "lent", "lent", "lending"],
    ["shut", "shuts", "shut", "shut", "shutting"],
    ["upset", "upsets", "upset", "upset", "upsetting"],
    ["rebuild", "rebuilds", "rebuilt", "rebuilt", "rebuilding"],
    [
        "undertake",
        "undertakes",
        "undertook",
        "undertaken",
        "undertaking",
    ],
    [
        "overcome",
        "overcomes",
        "overcame",
        "overcome",
        "overcoming",
    ],
    ["become", "becomes", "became", "become", "becoming"],
];

/// Regular verbs that double their final consonant (stop → stopped, stopping).
const DOUBLING: &[&str] = &[
    "stop", "plan", "ship", "drop", "skip", "chat", "commit", "submit", "permit", "admit", "refer",
    "prefer", "control", "equip", "tap", "scan", "map", "wrap", "strip", "trim", "swap", "snap",
    "step", "flag", "tag", "log", "plug", "jog", "grab", "rub", "dim", "transfer", "omit", "emit",
    "occur", "compel", "propel", "patrol", "fit", "knit", "net", "pin", "plot", "spot", "star",
    "stir", "ban", "bar", "beg", "clip", "crop", "dip", "drag", "drip", "drum", "hug", "hum",
    "nod", "pat", "pet", "prop", "rip", "rob", "sip", "slip", "slam", "sob", "stab", "trip", "zip",
    "quiz",
];

fn inflect_word(base: &str) -> [String; 5] {
    let lower = base.to_lowercase();
    if let Some(row) = IRREGULAR.iter().find(|row| row[0] == lower) {
        return row.map(|f| match_case(base, f));
    }
    let doubled = DOUBLING.contains(&lower.as_str());
    let third = third_person(base);
    let past = past_tense(base, doubled);
    let gerund = gerund(base, doubled);
    [base.to_string(), third, past.clone(), past, gerund]
}

/// Gives `form` the capitalisation of `like` (only the first letter matters for bases).
fn match_case(like: &str, form: &str) -> String {
    if like.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = form.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    } else {
        form.to_string()
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u')
}

fn ends_with_consonant_y(word: &str) -> bool {
    let mut rev = word.chars().rev();
    matches!((rev.next(), rev.next()), (Some('y' | 'Y'), Some(c)) if !is_vowel(c))
}

fn third_person(base: &str) -> String {
    let lower = base.to_lowercase();
    if ends_with_consonant_y(base) {
        format!("{}ies", &base[..base.len() - 1])
    } else if ["s", "x", "z", "ch", "sh", "o"]
        .iter()
        .any(|end| lower.ends_with(end))
    {
        format!("{base}es")
    } else {
        format!("{base}s")
    }
}

fn past_tense(base: &str, doubled: bool) -> String {
    if doubled {
        let last = base.chars().last().unwrap_or_default();
        format!("{base}{last}ed")
    } else if base.ends_with(['e', 'E']) {
        format!("{base}d")
    } else if ends_with_consonant_y(base) {
        format!("{}ied", &base[..base.len() - 1])
    } else {
        format!("{base}ed")
    }
}

fn gerund(base: &str, doubled: bool) -> String {
    let lower = base.to_lowercase();
    if doubled {
        let last = base.chars().last().unwrap_or_default();
        format!("{base}{last}ing")
    } else if lower.ends_with("ie") {
        format!("{}ying", &base[..base.len() - 2])
    } else if lower.ends_with('e')
        && !lower.ends_with("ee")
        && !lower.ends_with("ye")
        && !lower.ends_with("oe")
        && lower.len() > 2
    {
        format!("{}ing", &base[..base.len() - 1])
    } else {
        format!("{base}ing")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(spec: &str) -> Vec<String> {
        VerbForms::parse(spec).unwrap().0.to_vec()
    }

    #[test]
    fn regular_verbs() {
        assert_eq!(
            forms("enable"),
            ["enable", "enables", "enabled", "enabled", "enabling"]
        );
        assert_eq!(
            forms("access"),
            ["access", "accesses", "accessed", "accessed", "accessing"]
        );
        assert_eq!(
            forms("deploy"),
            ["deploy", "deploys", "deployed", "deployed", "deploying"]
        );
        assert_eq!(
            forms("unlock"),
            ["unlock", "unlocks", "unlocked", "unlocked", "unlocking"]
        );
        assert_eq!(
            forms("launch"),
            ["launch", "launches", "launched", "launched", "launching"]
        );
        assert_eq!(
            forms("carry"),
            ["carry", "carries", "carried", "carried", "carrying"]
        );
        assert_eq!(forms("see"), ["see", "sees", "saw", "seen", "seeing"]);
        assert_eq!(forms("tie"), ["tie", "ties", "tied", "tied", "tying"]);
        assert_eq!(
            forms("offer"),
            ["offer", "offers", "offered", "offered", "offering"]
        );
    }

    #[test]
    fn irregular_and_doubling_verbs() {
        assert_eq!(forms("give"), ["give", "gives", "gave", "given", "giving"]);
        assert_eq!(forms("make"), ["make", "makes", "made", "made", "making"]);
        assert_eq!(
            forms("stop"),
            ["stop", "stops", "stopped", "stopped", "stopping"]
        );
        assert_eq!(
            forms("Bring"),
            ["Bring", "Brings", "Brought", "Brought", "Bringing"]
        );
    }

    #[test]
    fn multi_word_and_spelled_out() {
        assert_eq!(
            forms("set up"),
            ["set up", "sets up", "set up", "set up", "setting up"]
        );
        assert_eq!(forms("a|b|c|d|e"), ["a", "b", "c", "d", "e"]);
        assert!(VerbForms::parse("a|b").is_none());
        assert!(VerbForms::parse(" ").is_none());
    }
}
