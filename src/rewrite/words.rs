//! The words of one sentence, and the closed word classes English grammar turns on.
//!
//! A rewrite is chosen from a few words around the finding: the auxiliaries before it,
//! its subject, what follows it. Those decisions need only small closed classes
//! (determiners, auxiliaries, prepositions) and a few open-class lists kept here (nouns
//! for people, plans and repeated events; adjectives with their adverbs). Everything is
//! matched on the normalised (lower-case) text; the case as written is kept per token for
//! capitals, title case and acronyms.
//!
//! Why one module of this size: most of it is the closed word lists (auxiliaries,
//! determiners, nouns for people and events) that the rewrite rules consult; the code is a
//! small tokenizer and lookups.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use crate::lexicon::Form;
use crate::lexicon::inflect::VerbForms;
use crate::normalize::is_word_char;

/// One token of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Normalised byte range in the block.
    pub range: Range<usize>,
    /// The normalised (lower-case) text.
    pub text: String,
    /// The text as the reader sees it, in its case.
    pub written: String,
    /// Whether the token is (part of) a term of the rule's sets, merged into one token.
    pub term: bool,
}

impl Token {
    /// Whether the token is a word (not punctuation).
    pub fn is_word(&self) -> bool {
        self.term || self.text.chars().any(char::is_alphanumeric)
    }

    /// Whether the token is `word`.
    pub fn is(&self, word: &str) -> bool {
        !self.term && self.text == word
    }

    /// Whether the token is one of `words`.
    pub fn is_any(&self, words: &[&str]) -> bool {
        !self.term && words.contains(&self.text.as_str())
    }

    /// Whether the token is written in capitals only (an acronym such as SRE, or a
    /// shouted word).
    pub fn is_upper(&self) -> bool {
        let letters = self.written.chars().filter(|c| c.is_alphabetic());
        let mut n = 0;
        for c in letters {
            if !c.is_uppercase() {
                return false;
            }
            n += 1;
        }
        n >= 2
    }

    /// Whether the token starts with a capital letter.
    pub fn is_capitalised(&self) -> bool {
        self.written.chars().next().is_some_and(char::is_uppercase)
    }
}

/// Splits the normalised `text[range]` into tokens. `terms` are normalised ranges of
/// term occurrences; each becomes one token. Words keep inner `-`, `.`, `'` and digit
/// `,` (`add-in`, `GPT-4.1`, `agent's`, `12,000`). `written` gives the reader's text of a
/// range.
pub fn tokenize(
    text: &str,
    range: Range<usize>,
    terms: &[Range<usize>],
    written: &dyn Fn(Range<usize>) -> String,
) -> Vec<Token> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = range.start;
    while i < range.end {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if let Some(term) = terms
            .iter()
            .filter(|t| t.start == i && t.end <= range.end && t.end > t.start)
            .max_by_key(|t| t.end)
        {
            push(&mut out, text, term.clone(), true, written);
            i = term.end;
            continue;
        }
        let start = i;
        if is_word_char(c) {
            i += c.len_utf8();
            while i < range.end {
                let Some(c) = text[i..].chars().next() else {
                    break;
                };
                if terms.iter().any(|t| t.start == i) {
                    break;
                }
                if is_word_char(c) {
                    i += c.len_utf8();
                    continue;
                }
                let joiner = matches!(c, '-' | '.' | '\'' | '·')
                    || (c == ',' && bytes[i - 1].is_ascii_digit());
                let next = text[i + c.len_utf8()..].chars().next();
                let joins = joiner
                    && i + c.len_utf8() < range.end
                    && next.is_some_and(|n| {
                        if c == ',' {
                            n.is_ascii_digit()
                        } else {
                            n.is_alphanumeric()
                        }
                    });
                if !joins {
                    break;
                }
                i += c.len_utf8();
            }
        } else {
            i += c.len_utf8();
            // A possessive after a name: "OpenAI's" → "openai", "'s".
            if c == '\'' {
                while let Some(w) = text[i..range.end]
                    .chars()
                    .next()
                    .filter(|&w| is_word_char(w))
                {
                    i += w.len_utf8();
                }
            }
        }
        push(&mut out, text, start..i, false, written);
    }
    out
}

fn push(
    out: &mut Vec<Token>,
    text: &str,
    range: Range<usize>,
    term: bool,
    written: &dyn Fn(Range<usize>) -> String,
) {
    out.push(Token {
        text: text[range.clone()].to_string(),
        written: written(range.clone()),
        range,
        term,
    });
}

/// Determiners and quantifiers that open a noun phrase.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "every", "each", "all", "any", "no",
    "some", "both", "either", "another", "many", "most", "several", "few",
];

/// Possessive determiners.
pub const POSSESSIVES: &[&str] = &["my", "your", "our", "their", "its", "his", "her"];

/// Modal auxiliaries (they take the base form).
pub const MODALS: &[&str] = &[
    "can",
    "could",
    "will",
    "would",
    "shall",
    "should",
    "may",
    "might",
    "must",
    "cannot",
    "can't",
    "won't",
    "wouldn't",
    "couldn't",
    "shouldn't",
    "mustn't",
    "we'll",
    "you'll",
    "it'll",
    "they'll",
    "i'll",
];

/// Forms of *be*.
pub const BE: &[&str] = &[
    "am", "is", "are", "was", "were", "be", "been", "being", "isn't", "aren't", "wasn't",
    "weren't", "it's", "that's",
];

/// Forms of *have* as an auxiliary.
pub const HAVE: &[&str] = &[
    "has", "have", "had", "having", "hasn't", "haven't", "hadn't", "we've", "you've", "they've",
    "i've",
];

/// Forms of *do* (do-support takes the base form).
pub const DO: &[&str] = &["do", "does", "did", "don't", "doesn't", "didn't"];

/// Prepositions.
pub const PREPOSITIONS: &[&str] = &[
    "about",
    "above",
    "across",
    "after",
    "against",
    "along",
    "among",
    "around",
    "as",
    "at",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "between",
    "beyond",
    "by",
    "despite",
    "during",
    "except",
    "for",
    "from",
    "in",
    "inside",
    "into",
    "like",
    "near",
    "of",
    "off",
    "on",
    "onto",
    "out",
    "outside",
    "over",
    "past",
    "per",
    "since",
    "through",
    "throughout",
    "to",
    "toward",
    "towards",
    "under",
    "until",
    "unlike",
    "up",
    "upon",
    "via",
    "with",
    "within",
    "without",
];

/// Words that start a new clause (or join two): the subject search stops at them.
pub const CLAUSE_WORDS: &[&str] = &[
    "and", "or", "but", "nor", "so", "yet", "because", "although", "though", "while", "whereas",
    "when", "whenever", "where", "wherever", "if", "unless", "once", "that", "which", "who",
    "whom", "whose", "then", "than",
];

/// Adverbs that may stand between a subject, its auxiliaries and its verb.
const ADVERBS: &[&str] = &[
    "now",
    "also",
    "already",
    "only",
    "just",
    "even",
    "still",
    "then",
    "further",
    "always",
    "never",
    "not",
    "often",
    "soon",
    "first",
    "today",
    "automatically",
    "all",
    "both",
    "each",
    "n't",
    "instead",
    "again",
    "too",
    "finally",
    "quickly",
    "directly",
    "securely",
];

/// Words ending in -ly that are not adverbs.
const NOT_ADVERBS: &[&str] = &[
    "apply", "supply", "reply", "rely", "family", "early", "ally", "assembly", "fly", "july",
    "italy", "anomaly", "holy", "ugly", "silly", "rally", "tally", "bully", "only",
];

/// Whether `t` is an adverb that may sit among a verb's auxiliaries.
pub fn is_adverb(t: &Token) -> bool {
    !t.term
        && (ADVERBS.contains(&t.text.as_str())
            || (t.text.len() > 4
                && t.text.ends_with("ly")
                && t.text.chars().all(|c| c.is_ascii_alphabetic())
                && !NOT_ADVERBS.contains(&t.text.as_str())))
}

/// Whether `t` negates (not, never, a contraction in n't).
pub fn is_negation(t: &Token) -> bool {
    !t.term && (t.is_any(&["not", "never", "no", "cannot"]) || t.text.ends_with("n't"))
}

/// Pronouns for people.
pub const PERSON_PRONOUNS: &[&str] = &[
    "i",
    "we",
    "you",
    "they",
    "he",
    "she",
    "me",
    "us",
    "them",
    "him",
    "her",
    "everyone",
    "everybody",
    "anyone",
    "anybody",
    "someone",
    "somebody",
    "who",
    "whoever",
];

/// Pronouns for things.
pub const THING_PRONOUNS: &[&str] = &["it", "this", "that", "which", "something"];

/// Nouns for people and groups of people (singular; plurals add -s).
const PERSON_NOUNS: &[&str] = &[
    "team",
    "hire",
    "employee",
    "staff",
    "staffer",
    "developer",
    "engineer",
    "admin",
    "administrator",
    "user",
    "customer",
    "analyst",
    "partner",
    "people",
    "person",
    "manager",
    "reviewer",
    "contractor",
    "member",
    "student",
    "colleague",
    "rep",
    "seller",
    "marketer",
    "designer",
    "writer",
    "scientist",
    "researcher",
    "lead",
    "officer",
    "executive",
    "leader",
    "builder",
    "buyer",
    "owner",
    "operator",
    "clinician",
    "doctor",
    "nurse",
    "lawyer",
    "teacher",
    "intern",
    "freelancer",
    "consultant",
    "specialist",
    "expert",
    "practitioner",
    "professional",
    "worker",
    "personnel",
    "department",
    "org",
    "organization",
    "organisation",
    "company",
    "companies",
    "business",
    "firm",
    "crew",
    "squad",
    "individual",
    "human",
    "subscriber",
    "architect",
    "agency",
    "agencies",
    "adopter",
    "tester",
    "student",
    "representative",
    "associate",
    "director",
    "vp",
    "cto",
    "ceo",
    "cio",
    "ciso",
    "founder",
    "startup",
    "enterprise",
    "enterprises",
    "account",
    "accounts",
    "audience",
    "crowd",
    "attendee",
    "participant",
    "viewer",
    "reader",
    "community",
    "folks",
    "guest",
    "volunteer",
    "panel",
    "panelist",
    "speaker",
    "hire",
    "newcomer",
    "learner",
    "creator",
    "editor",
    "author",
    "agent-builder",
    "peer",
    "friend",
    "stakeholder",
    "sponsor",
    "vendor",
    "supplier",
    "reseller",
    "contributor",
    "maintainer",
    "board",
];

/// Whether `t` names people (a person noun, or a pronoun for people).
pub fn is_person(t: &Token) -> bool {
    !t.term
        && (PERSON_PRONOUNS.contains(&t.text.as_str())
            || PERSON_NOUNS.contains(&t.text.as_str())
            || t.text
                .strip_suffix('s')
                .is_some_and(|s| PERSON_NOUNS.contains(&s))
            || t.text
                .strip_suffix("'s")
                .is_some_and(|s| PERSON_NOUNS.contains(&s)))
}

/// Nouns for software that can be given the use of something ("give every agent ...").
const RECIPIENT_NOUNS: &[&str] = &[
    "agent",
    "bot",
    "assistant",
    "app",
    "application",
    "workload",
    "workflow",
    "service",
    "tool",
    "copilot",
    "pipeline",
    "function",
    "device",
    "tenant",
    "project",
    "workspace",
    "notebook",
    "environment",
    "cluster",
    "system",
    "integration",
    "plugin",
    "extension",
];

/// Whether `t` names software that can be let use something.
pub fn is_recipient_noun(t: &Token) -> bool {
    !t.term && RECIPIENT_NOUNS.contains(&t.text.as_str())
}

/// Nouns for what is bought or chosen: a subject that lets people use something rather
/// than using it itself.
const PLAN_NOUNS: &[&str] = &[
    "plan",
    "tier",
    "subscription",
    "license",
    "licence",
    "seat",
    "upgrade",
    "bundle",
    "edition",
    "package",
    "membership",
    "trial",
    "offer",
    "deal",
    "contract",
    "purchase",
    "pricing",
    "credit",
    "signup",
    "sign-up",
    "add-on",
    "option",
    "level",
];

/// Whether `t` names a plan or purchase.
pub fn is_plan(t: &Token) -> bool {
    !t.term
        && (PLAN_NOUNS.contains(&t.text.as_str())
            || t.text
                .strip_suffix('s')
                .is_some_and(|s| PLAN_NOUNS.contains(&s)))
}

/// Nouns for things that happen one at a time, so that "for every …" counts uses.
const EVENT_NOUNS: &[&str] = &[
    "request",
    "call",
    "step",
    "task",
    "query",
    "queries",
    "prompt",
    "message",
    "ticket",
    "turn",
    "run",
    "job",
    "invocation",
    "time",
    "transaction",
    "question",
    "answer",
    "reply",
    "replies",
    "conversation",
    "chat",
    "session",
    "interaction",
    "lookup",
    "search",
    "approval",
    "action",
    "decision",
    "completion",
    "generation",
    "inference",
    "response",
    "iteration",
    "attempt",
    "check",
    "review",
    "update",
    "commit",
    "build",
    "deployment",
    "event",
    "email",
    "document",
    "page",
    "image",
    "file",
    "upload",
    "click",
    "keystroke",
    "case",
    "claim",
    "order",
    "workflow",
    "summary",
    "summaries",
    "draft",
    "report",
];

/// Whether `t` names a thing that happens one at a time.
pub fn is_event_noun(t: &Token) -> bool {
    !t.term
        && (EVENT_NOUNS.contains(&t.text.as_str())
            || t.text
                .strip_suffix('s')
                .is_some_and(|s| EVENT_NOUNS.contains(&s)))
}

/// Adjectives a rewrite can keep as an adverb after the object ("direct access to X" →
/// "use X directly"); `None` for those it keeps only before a noun.
const ADJECTIVES: &[(&str, Option<&str>)] = &[
    ("direct", Some("directly")),
    ("instant", Some("instantly")),
    ("immediate", Some("immediately")),
    ("seamless", Some("seamlessly")),
    ("secure", Some("securely")),
    ("easy", Some("easily")),
    ("native", Some("natively")),
    ("simple", None),
    ("full", None),
    ("fast", Some("quickly")),
    ("quick", Some("quickly")),
    ("programmatic", Some("programmatically")),
    ("reliable", Some("reliably")),
    ("private", Some("privately")),
    ("safe", Some("safely")),
    ("unlimited", None),
    ("dedicated", None),
    ("free", None),
];

/// Adjectives that make "access" a rollout or entitlement claim that no rewrite of the
/// phrase keeps ("early access", "exclusive access").
const ROLLOUT_ADJECTIVES: &[&str] = &[
    "early",
    "exclusive",
    "priority",
    "preview",
    "beta",
    "limited",
    "first",
    "expanded",
    "broader",
    "wider",
    "restricted",
    "temporary",
    "trial",
    "privileged",
    "special",
    "preferred",
    "first-class",
    "advance",
    "advanced",
    "general",
];

/// An adjective before a noun: whether it is known, and its adverb.
pub enum Adjective {
    /// A known adjective, with its adverb if it has one that fits after the object.
    Known(Option<&'static str>),
    /// An adjective that turns the noun into a rollout claim.
    Rollout,
}

/// What `t` is as an adjective before "access", if it is one.
pub fn adjective(t: &Token) -> Option<Adjective> {
    if t.term {
        return None;
    }
    if ROLLOUT_ADJECTIVES.contains(&t.text.as_str()) {
        return Some(Adjective::Rollout);
    }
    ADJECTIVES
        .iter()
        .find(|(a, _)| *a == t.text)
        .map(|(_, adverb)| Adjective::Known(*adverb))
}

/// Words that continue a noun phrase after a product name ("GPT-5 models", "the
/// OpenAI API").
const NAME_NOUNS: &[&str] = &[
    "api",
    "apis",
    "model",
    "models",
    "family",
    "feature",
    "features",
    "capabilities",
    "capability",
    "endpoint",
    "endpoints",
    "service",
    "services",
    "plugin",
    "plugins",
    "tool",
    "tools",
    "platform",
    "app",
    "apps",
    "assistant",
    "assistants",
    "sdk",
    "sdks",
    "mini",
    "nano",
    "pro",
    "turbo",
    "preview",
    "vision",
    "series",
];

/// Whether `t` continues a noun phrase after a product name.
pub fn is_name_noun(t: &Token) -> bool {
    !t.term && NAME_NOUNS.contains(&t.text.as_str())
}

/// Whether `t` is a word that may stand inside a noun phrase before its head (a
/// determiner, possessive or plain lower-case word; not a preposition, auxiliary or
/// clause word).
pub fn is_noun_phrase_word(t: &Token) -> bool {
    t.is_word()
        && !t.term
        && !PREPOSITIONS.contains(&t.text.as_str())
        && !CLAUSE_WORDS.contains(&t.text.as_str())
        && !MODALS.contains(&t.text.as_str())
        && !BE.contains(&t.text.as_str())
        && !HAVE.contains(&t.text.as_str())
        && !DO.contains(&t.text.as_str())
        && lookup_verb(&t.text).is_none()
}

/// Verbs whose grammar a rewrite depends on, by what they do to "access".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// Give someone something: give, grant, offer, provide, enable, unlock, allow.
    Giving,
    /// Come to have it: get, gain, receive, obtain.
    Obtaining,
    /// Have it.
    Having,
    /// Need or want it.
    Needing,
    /// Hold a noun phrase as a whole: include, require, cover, support.
    Including,
    /// Treat "access" as a permission: revoke, request, manage, ...
    Permission,
    /// Let or help someone do something (takes a bare infinitive).
    Letting,
}

const VERBS: &[(&str, VerbClass)] = &[
    ("give", VerbClass::Giving),
    ("grant", VerbClass::Giving),
    ("offer", VerbClass::Giving),
    ("provide", VerbClass::Giving),
    ("enable", VerbClass::Giving),
    ("unlock", VerbClass::Giving),
    ("allow", VerbClass::Giving),
    ("permit", VerbClass::Giving),
    ("extend", VerbClass::Giving),
    ("deliver", VerbClass::Giving),
    ("bring", VerbClass::Giving),
    ("get", VerbClass::Obtaining),
    ("gain", VerbClass::Obtaining),
    ("receive", VerbClass::Obtaining),
    ("obtain", VerbClass::Obtaining),
    ("have", VerbClass::Having),
    ("need", VerbClass::Needing),
    ("want", VerbClass::Needing),
    ("include", VerbClass::Including),
    ("require", VerbClass::Including),
    ("cover", VerbClass::Including),
    ("revoke", VerbClass::Permission),
    ("request", VerbClass::Permission),
    ("approve", VerbClass::Permission),
    ("deny", VerbClass::Permission),
    ("restrict", VerbClass::Permission),
    ("limit", VerbClass::Permission),
    ("remove", VerbClass::Permission),
    ("manage", VerbClass::Permission),
    ("control", VerbClass::Permission),
    ("audit", VerbClass::Permission),
    ("review", VerbClass::Permission),
    ("monitor", VerbClass::Permission),
    ("track", VerbClass::Permission),
    ("lose", VerbClass::Permission),
    ("suspend", VerbClass::Permission),
    ("block", VerbClass::Permission),
    ("disable", VerbClass::Permission),
    ("share", VerbClass::Permission),
    ("govern", VerbClass::Permission),
    ("expand", VerbClass::Permission),
    ("broaden", VerbClass::Permission),
    ("widen", VerbClass::Permission),
    ("simplify", VerbClass::Permission),
    ("streamline", VerbClass::Permission),
    ("democratize", VerbClass::Permission),
    ("democratise", VerbClass::Permission),
    ("secure", VerbClass::Permission),
    ("let", VerbClass::Letting),
    ("help", VerbClass::Letting),
    ("make", VerbClass::Letting),
];

/// A verb form recognised in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerbWord {
    /// The base form ("give").
    pub base: &'static str,
    /// The form found.
    pub form: Form,
    /// What the verb does.
    pub class: VerbClass,
}

/// The verb `word` is a form of, among the verbs a rewrite depends on.
pub fn lookup_verb(word: &str) -> Option<VerbWord> {
    static TABLE: OnceLock<HashMap<String, VerbWord>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for &(base, class) in VERBS {
            let Some(forms) = VerbForms::parse(base) else {
                continue;
            };
            for form in Form::ALL {
                map.entry(forms.get(form).to_string())
                    .or_insert(VerbWord { base, form, class });
            }
        }
        map
    });
    table.get(word).copied()
}

/// `base` in `form` ("let" → "lets").
pub fn inflect(base: &str, form: Form) -> String {
    VerbForms::parse(base).map_or_else(|| base.to_string(), |f| f.get(form).to_string())
}

/// Verbs that follow "to" in a purpose clause of product copy ("… to draft replies").
const PURPOSE_VERBS: &[&str] = &[
    "help",
    "draft",
    "plan",
    "build",
    "write",
    "generate",
    "create",
    "analyze",
    "analyse",
    "review",
    "classify",
    "illustrate",
    "translate",
    "summarize",
    "summarise",
    "answer",
    "power",
    "run",
    "reason",
    "solve",
    "find",
    "search",
    "extract",
    "detect",
    "triage",
    "score",
    "tag",
    "label",
    "code",
    "debug",
    "test",
    "ship",
    "make",
    "get",
    "keep",
    "speed",
    "automate",
    "handle",
    "improve",
    "boost",
    "accelerate",
    "reduce",
    "cut",
    "support",
    "serve",
    "produce",
    "deliver",
    "personalize",
    "personalise",
    "understand",
    "process",
    "respond",
    "resolve",
    "route",
    "predict",
    "recommend",
    "explain",
    "compose",
    "edit",
    "check",
    "verify",
    "validate",
    "draw",
    "design",
    "prototype",
    "explore",
    "learn",
    "do",
    "enrich",
    "transcribe",
    "caption",
    "describe",
    "read",
    "parse",
    "fix",
    "refactor",
    "migrate",
    "modernize",
    "modernise",
    "scale",
    "turn",
    "sort",
    "rank",
    "match",
    "fill",
    "prepare",
    "spot",
    "flag",
    "catch",
    "suggest",
    "complete",
    "finish",
    "start",
    "send",
    "reply",
    "chat",
    "talk",
    "work",
    "research",
    "compare",
    "evaluate",
    "assess",
    "audit",
    "organize",
    "organise",
    "schedule",
    "book",
    "price",
    "quote",
    "forecast",
    "simulate",
    "render",
    "animate",
    "narrate",
    "dub",
    "voice",
    "brainstorm",
    "outline",
    "polish",
    "rewrite",
    "proofread",
    "format",
    "convert",
    "clean",
    "merge",
    "index",
    "retrieve",
    "look",
    "answer",
    "unblock",
    "debug",
    "onboard",
    "train",
    "tune",
    "fine-tune",
    "ground",
];

/// Whether `t` is a verb that opens a purpose clause after "to".
pub fn is_purpose_verb(t: &Token) -> bool {
    !t.term && PURPOSE_VERBS.contains(&t.text.as_str())
}

/// Whether `t` is a gerund at the head of a clause ("Upgrading to Pro …").
pub fn is_gerund(t: &Token) -> bool {
    const NOUNS: &[&str] = &[
        "thing",
        "everything",
        "something",
        "anything",
        "nothing",
        "string",
        "spring",
        "morning",
        "evening",
        "king",
        "ring",
        "ceiling",
        "wing",
        "building",
        "meeting",
        "setting",
        "settings",
        "during",
    ];
    !t.term && t.text.len() > 4 && t.text.ends_with("ing") && !NOUNS.contains(&t.text.as_str())
}

/// Whether `t` is a number ("12,000", "3").
pub fn is_number(t: &Token) -> bool {
    !t.term && t.text.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Whether `t` ends a clause: punctuation other than quotes, hyphens and apostrophes.
pub fn is_clause_punct(t: &Token) -> bool {
    !t.is_word() && !matches!(t.text.as_str(), "\"" | "'" | "-" | "*" | "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, terms: &[Range<usize>]) -> Vec<String> {
        tokenize(text, 0..text.len(), terms, &|r| text[r].to_string())
            .into_iter()
            .map(|t| t.text)
            .collect()
    }

    #[test]
    fn words_keep_inner_punctuation() {
        assert_eq!(
            tokens("the add-in called gpt-4.1 12,000 times, agent's.", &[]),
            [
                "the", "add-in", "called", "gpt-4.1", "12,000", "times", ",", "agent's", "."
            ]
        );
    }

    #[test]
    fn terms_are_one_token_and_possessives_split_off() {
        let text = "use chatgpt enterprise and openai's models";
        assert_eq!(
            tokens(text, &[4..22, 27..33]),
            ["use", "chatgpt enterprise", "and", "openai", "'s", "models"]
        );
    }

    #[test]
    fn verbs_are_recognised_in_every_form() {
        let v = lookup_verb("gave").unwrap();
        assert_eq!(
            (v.base, v.form, v.class),
            ("give", Form::Past, VerbClass::Giving)
        );
        assert_eq!(lookup_verb("getting").unwrap().class, VerbClass::Obtaining);
        assert_eq!(lookup_verb("lets").unwrap().form, Form::Third);
        assert!(lookup_verb("team").is_none());
        assert_eq!(inflect("let", Form::Gerund), "letting");
    }
}
