//! Rewrites for a banned phrase, from the role it plays in its sentence.
//!
//! The phrase is read as a verb or a noun. As a verb, its auxiliaries and subject give
//! its form and role (passive, perfect, infinitive, imperative; a product, people, an
//! action or a plan), and what follows it must be the name it acts on. As a noun
//! ("access to X", "API calls to X") the word before it decides the shape: none (a
//! noun phrase of its own), a verb that gives it to someone ("give your team access
//! to"), gets it ("get access to"), has it or needs it, or one that makes it a permission
//! ("revoke access to"), which no rewrite of the phrase keeps.

use std::ops::Range;

use super::case::{self, Casing};
use super::words::{self, Adjective, Token, VerbClass};
use super::{Candidate, Context, Decline, Edit, Plan};
#[cfg(test)]
use crate::lexicon::pattern;
use crate::lexicon::{Applicability, Form, RewriteRole, Roles};

/// Adjectives that read well before "use of" ("secure use of GPT-5"); others ("fast use
/// of") do not.
const NOMINAL_ADJECTIVES: &[&str] = &[
    "secure",
    "direct",
    "native",
    "full",
    "unlimited",
    "programmatic",
    "private",
    "dedicated",
    "seamless",
    "safe",
    "free",
    "reliable",
];

/// Bytes of the sentence read on either side of the finding.
const WINDOW_BYTES: usize = 600;

/// The rewrites of one finding of a group with roles.
pub(super) fn plan(
    ctx: &Context,
    roles: &Roles,
    terms: &[Range<usize>],
    need_term: bool,
    help: Option<&str>,
) -> Plan {
    let mut sentence = Sentence::read(ctx, terms, need_term);
    let located = sentence.locate(&ctx.span);
    if let Some((p0, p1)) = located
        && sentence.toks[p0..=p1].iter().all(Token::is_upper)
    {
        // A phrase shouted in a quieter sentence ("… and ENABLED ACCESS TO Sora").
        sentence.casing = Casing::Upper;
    }
    let result = match located {
        Some((p0, p1)) => Builder {
            roles,
            s: &sentence,
            p0,
            p1,
        }
        .run(ctx.form),
        None => Err(Decline::Shape),
    };
    match result {
        Ok(candidates) if !candidates.is_empty() => Plan {
            candidates,
            help: None,
        },
        Ok(_) => Plan {
            candidates: Vec::new(),
            help: Some(Decline::Shape.help(help)),
        },
        Err(decline) => Plan {
            candidates: Vec::new(),
            help: Some(decline.help(help)),
        },
    }
}

/// The words around a finding.
struct Sentence {
    toks: Vec<Token>,
    /// Index of the sentence's first word, when the window starts with the sentence.
    first: Option<usize>,
    casing: Casing,
    /// Whether what the phrase acts on must be a term of the rule's `when` sets.
    need_term: bool,
}

impl Sentence {
    fn read(ctx: &Context, terms: &[Range<usize>], need_term: bool) -> Sentence {
        let bytes = ctx.text.as_bytes();
        let sentence_end = ctx.sentence.end.min(ctx.text.len());
        let mut start = ctx.sentence.start;
        if ctx.span.start.saturating_sub(start) > WINDOW_BYTES {
            // Start after a space, so no word is cut.
            let from = ctx.span.start - WINDOW_BYTES;
            start = bytes[from..ctx.span.start]
                .iter()
                .position(|&b| b == b' ')
                .map_or(ctx.span.start, |i| from + i + 1);
        }
        let mut end = sentence_end;
        if end.saturating_sub(ctx.span.end) > WINDOW_BYTES {
            let to = ctx.span.end + WINDOW_BYTES;
            end = bytes[ctx.span.end..to]
                .iter()
                .rposition(|&b| b == b' ')
                .map_or(ctx.span.end, |i| ctx.span.end + i);
        }
        let toks = words::tokenize(ctx.text, start..end, terms, ctx.written);
        let first = (start == ctx.sentence.start)
            .then(|| toks.iter().position(Token::is_word))
            .flatten();
        let casing = case::casing(&toks, first);
        Sentence {
            toks,
            first,
            casing,
            need_term,
        }
    }

    /// The first and last token of `span`, when it falls on token boundaries.
    fn locate(&self, span: &Range<usize>) -> Option<(usize, usize)> {
        let p0 = self.toks.iter().position(|t| t.range.start == span.start)?;
        let p1 = self.toks.iter().position(|t| t.range.end == span.end)?;
        (p0 <= p1 && !self.toks[p0..=p1].iter().any(|t| t.term)).then_some((p0, p1))
    }

    /// `text` capitalised for where it goes; `opens` when it stands first.
    fn cased(&self, text: &str, opens: bool) -> String {
        case::apply(text, self.casing, opens)
    }

    /// Whether token `i` opens the sentence.
    fn opens(&self, i: usize) -> bool {
        self.first == Some(i)
    }
}

/// What the phrase acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Object {
    /// A name (term), perhaps after a determiner or adjectives; `end` is one past the
    /// last token of its noun phrase; `direct` when at most a determiner precedes it.
    Term { end: usize, direct: bool },
    /// People ("our team", "them").
    Person,
    /// Something else.
    Other,
}

/// Who or what the subject is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// A product, feature or thing ("SRE", "the copilot", "it").
    Product,
    /// "We": in product copy, the vendor speaking for its product.
    Vendor,
    /// One of the names the rule is about ("GPT-4.1 is invoked by ...").
    Term,
    /// People ("the security team", "new hires", "you").
    Person,
    /// An action or a plan ("Upgrading to Pro", "the Pro tier").
    Action,
    /// A name copylint cannot place ("Priya", "Copilot"), or none it can find.
    Unknown,
    /// None: a fragment such as a list item ("- Calls into GPT-4o for ...").
    Fragment,
}

/// What stands before a verb: auxiliaries and subject.
#[derive(Debug, Clone, Copy)]
struct Left {
    modal: bool,
    /// The modal is "can" or "could", which already say what "get access" would.
    can: bool,
    to: bool,
    be: bool,
    have: bool,
    do_: bool,
    negated: bool,
    /// After "let/help/make SOMEONE".
    let_: bool,
    /// No subject: the verb (or its auxiliary) opens the sentence (an imperative, or a
    /// fragment such as a list item).
    opens: bool,
    /// A gerund right after a preposition ("By enabling ...").
    after_prep: bool,
    subject: Subject,
    /// Whether a term stands in the subject ("OpenAI's models are called on ...").
    subject_has_term: bool,
    /// After "and"/"or" with no subject of its own: the subject of the clause before
    /// ("SRE calls on ChatGPT and enables access to GPT-5").
    coordinated: Option<Subject>,
    plural: bool,
}

/// How a `{be}` rewrite agrees with its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Agree {
    /// Singular, or no finite verb: the form as rendered.
    AsIs,
    /// A plural subject in the present ("are").
    PresentPlural,
    /// A plural subject in the past ("were").
    PastPlural,
}

struct Builder<'a> {
    roles: &'a Roles,
    s: &'a Sentence,
    p0: usize,
    p1: usize,
}

type Built = Result<Vec<Candidate>, Decline>;

impl Builder<'_> {
    fn tok(&self, i: usize) -> &Token {
        &self.s.toks[i]
    }

    fn run(&self, form: Option<Form>) -> Built {
        match form {
            None => self.noun_phrase(),
            Some(Form::Base) if self.p0 == self.p1 && self.reads_as_noun(self.p0)? => {
                self.noun_word(self.p0)
            }
            Some(form) => self.verb(form),
        }
    }

    // ----- verbs -----

    fn verb(&self, form: Form) -> Built {
        let (p0, p1) = (self.p0, self.p1);
        let mut left = self.left(p0);
        if let (Subject::Unknown, Some(subject), Form::Third | Form::Past) =
            (left.subject, left.coordinated, form)
        {
            left.subject = subject;
        }
        let head = words::lookup_verb(&self.tok(p0).text);
        let inner = p1 >= p0 + 2 && self.tok(p1).is_any(words::PREPOSITIONS);
        let giving = inner && head.is_some_and(|v| v.class == VerbClass::Giving);
        let phrase = self.tok(p0).range.start..self.tok(p1).range.end;
        let opens = self.s.opens(p0);
        let imperative = left.opens && form == Form::Base;
        if left.be && matches!(form, Form::Past | Form::Participle) {
            return self.passive(giving, &left, phrase, opens);
        }
        if form == Form::Participle && !left.have {
            return Err(Decline::Shape);
        }
        // A phrase that ends in its own object ("eliminates downtime") needs none after it.
        let needs_object = p0 == p1 || self.tok(p1).is_any(words::PREPOSITIONS);
        let object = if needs_object {
            self.object(p1 + 1)
        } else {
            Object::Term {
                end: p1 + 1,
                direct: true,
            }
        };
        let x = match object {
            Object::Term { end, direct } => (end, direct),
            Object::Person => {
                let (rform, agree) = render_form(form, &left);
                let texts = self.render(RewriteRole::Person, rform, agree, imperative)?;
                return Ok(self.candidates(RewriteRole::Person, &texts, false, |t| {
                    vec![self.edit(phrase.clone(), t, opens)]
                }));
            }
            // "called on the audience to try ChatGPT": a request to someone.
            Object::Other if self.to_follows_object(p1 + 1) => {
                let (rform, agree) = render_form(form, &left);
                let texts = self.render(RewriteRole::Person, rform, agree, imperative)?;
                return Ok(self.candidates(RewriteRole::Person, &texts, false, |t| {
                    vec![self.edit(phrase.clone(), t, opens)]
                }));
            }
            Object::Other => return Err(Decline::Object),
        };
        if giving && self.recipient_after(x.0) {
            return Err(Decline::Recipient);
        }
        let role = if giving && (left.subject == Subject::Person || imperative) {
            RewriteRole::Person
        } else if self.events(x.0) {
            RewriteRole::Event
        } else if giving && left.subject == Subject::Action {
            RewriteRole::Action
        } else if giving && left.subject == Subject::Unknown {
            // "Priya enables access to ...": a person or a product? Leave it to a person.
            return Err(Decline::Shape);
        } else {
            RewriteRole::Verb
        };
        let (rform, agree) = render_form(form, &left);
        let texts = self.render(role, rform, agree, imperative)?;
        let known_subject = matches!(
            left.subject,
            Subject::Product | Subject::Term | Subject::Fragment
        );
        let confident = matches!(role, RewriteRole::Verb | RewriteRole::Event)
            && x.1
            && !imperative
            && (!giving || (known_subject && !left.to && !left.after_prep && !left.let_));
        Ok(self.candidates(role, &texts, confident, |t| {
            vec![self.edit(phrase.clone(), t, opens)]
        }))
    }

    /// A passive: "are given access to" (people are given it) or "is invoked by".
    fn passive(&self, giving: bool, left: &Left, phrase: Range<usize>, opens: bool) -> Built {
        if giving {
            if !matches!(self.object(self.p1 + 1), Object::Term { .. }) {
                return Err(Decline::Object);
            }
            let texts = self.render(RewriteRole::Event, Form::Base, Agree::AsIs, true)?;
            return Ok(self.candidates(RewriteRole::Event, &texts, false, |t| {
                vec![self.edit(phrase.clone(), &format!("allowed to {t}"), opens)]
            }));
        }
        // The name is the subject: "GPT-4.1 is invoked by the triage agent".
        if self.s.need_term && !left.subject_has_term {
            return Err(Decline::Object);
        }
        let role = if self.events(self.p1 + 1) {
            RewriteRole::Event
        } else {
            RewriteRole::Verb
        };
        let texts: Vec<String> = self
            .render(role, Form::Participle, Agree::AsIs, true)?
            .into_iter()
            .filter(|t| !t.contains(' '))
            .collect();
        if texts.is_empty() {
            return Err(Decline::NoRole(role));
        }
        Ok(self.candidates(role, &texts, true, |t| {
            vec![self.edit(phrase.clone(), t, opens)]
        }))
    }

    /// The auxiliaries and subject before token `i`.
    fn left(&self, i: usize) -> Left {
        let mut left = Left {
            modal: false,
            can: false,
            to: false,
            be: false,
            have: false,
            do_: false,
            negated: false,
            let_: false,
            opens: false,
            after_prep: false,
            subject: Subject::Unknown,
            subject_has_term: false,
            coordinated: None,
            plural: false,
        };
        let toks = &self.s.toks;
        let mut k = i;
        while k > 0 {
            let t = &toks[k - 1];
            if words::is_negation(t) {
                left.negated = true;
            } else if words::is_adverb(t) {
            } else if t.is_any(words::MODALS) {
                left.modal = true;
                left.can = t.is_any(&["can", "could"]);
            } else if t.is("to") {
                // The infinitive's subject is the clause's: "SRE is built to enable ...".
                left.to = true;
                let mut s = k - 1;
                while s > 0
                    && !(words::is_clause_punct(&toks[s - 1])
                        || toks[s - 1].is_any(words::CLAUSE_WORDS))
                {
                    s -= 1;
                }
                let noun_phrase: Vec<&Token> = toks[s..k - 1]
                    .iter()
                    .filter(|t| t.is_word())
                    .take_while(|t| t.term || words::is_noun_phrase_word(t))
                    .collect();
                if !noun_phrase.is_empty() {
                    left.subject = self.classify(&noun_phrase);
                }
                return left;
            } else if t.is_any(words::BE) {
                left.be = true;
            } else if t.is_any(words::HAVE) {
                left.have = true;
            } else if t.is_any(words::DO) {
                left.do_ = true;
            } else {
                break;
            }
            k -= 1;
        }
        // "lets you access", "helps teams call on ..."
        if k >= 2
            && (toks[k - 1].is_any(words::PERSON_PRONOUNS)
                || words::is_noun_phrase_word(&toks[k - 1]))
            && words::lookup_verb(&toks[k - 2].text).is_some_and(|v| v.class == VerbClass::Letting)
        {
            left.let_ = true;
            left.subject = self.classify(&[&toks[k - 1]]);
            return left;
        }
        if k >= 1 && toks[k - 1].is_any(words::PREPOSITIONS) {
            left.after_prep = true;
            // "By enabling access to GPT-5, SRE lets ...": the subject follows the clause.
            if self.s.first == Some(k - 1)
                && let Some(comma) = toks[i..].iter().position(|t| t.is(","))
            {
                let noun_phrase: Vec<&Token> = toks[i + comma + 1..]
                    .iter()
                    .take_while(|t| t.term || words::is_noun_phrase_word(t))
                    .take(4)
                    .collect();
                if !noun_phrase.is_empty() {
                    left.subject = self.classify(&noun_phrase);
                }
            }
            return left;
        }
        // The subject: back to the start of the clause.
        let end = k;
        let mut s = k;
        while s > 0 {
            let t = &toks[s - 1];
            if words::is_clause_punct(t) || t.is_any(words::CLAUSE_WORDS) {
                break;
            }
            s -= 1;
        }
        let chunk: Vec<&Token> = toks[s..end].iter().filter(|t| t.is_word()).collect();
        if chunk.is_empty() {
            left.subject = if s > 0 && toks[s - 1].is("who") {
                Subject::Person
            } else if s > 0 && toks[s - 1].is_any(&["which", "that"]) {
                // "SRE, which enables access to ...": the noun before.
                let before = toks[..s - 1].iter().rev().find(|t| t.is_word());
                before.map_or(Subject::Unknown, |t| self.classify(&[t]))
            } else if s == 0 && self.s.first.is_some() {
                left.opens = true;
                Subject::Fragment
            } else {
                if s > 0 && toks[s - 1].is_any(&["and", "or", "but"]) {
                    // Past the comma before "and", to the clause before it.
                    let mut c = s - 1;
                    if c > 0 && toks[c - 1].is(",") {
                        c -= 1;
                    }
                    let before = c;
                    while c > 0
                        && !(words::is_clause_punct(&toks[c - 1])
                            || toks[c - 1].is_any(words::CLAUSE_WORDS))
                    {
                        c -= 1;
                    }
                    let noun_phrase: Vec<&Token> = toks[c..before]
                        .iter()
                        .take_while(|t| t.term || words::is_noun_phrase_word(t))
                        .take(3)
                        .collect();
                    if !noun_phrase.is_empty() {
                        left.coordinated = Some(self.classify(&noun_phrase));
                    }
                }
                Subject::Unknown
            };
            return left;
        }
        left.subject_has_term = chunk.iter().any(|t| t.term);
        left.subject = if words::is_gerund(chunk[0]) {
            Subject::Action
        } else {
            self.classify(&chunk)
        };
        left.plural = plural(&chunk);
        left
    }

    /// Who or what the noun phrase `chunk` names.
    fn classify(&self, chunk: &[&Token]) -> Subject {
        // The head is the last word, or the last before a preposition ("every seat in
        // the Pro tier"), unless the phrase opens with one ("In March SRE ...").
        let head_at = if chunk[0].is_any(words::PREPOSITIONS) {
            chunk.len() - 1
        } else {
            chunk
                .iter()
                .skip(1)
                .position(|t| t.is_any(words::PREPOSITIONS))
                .map_or(chunk.len() - 1, |p| p)
        };
        let head = chunk[head_at];
        let has_determiner = chunk
            .iter()
            .any(|t| t.is_any(words::DETERMINERS) || t.is_any(words::POSSESSIVES));
        let sentence_first = self
            .s
            .first
            .is_some_and(|f| self.s.toks[f].range == head.range);
        if head.term {
            Subject::Term
        } else if head.is_any(&["we", "us"]) {
            Subject::Vendor
        } else if head.is_any(words::THING_PRONOUNS) {
            Subject::Product
        } else if words::is_person(head) {
            Subject::Person
        } else if words::is_plan(head) {
            Subject::Action
        } else if head.is_upper() {
            Subject::Product
        } else if head.is_capitalised() && !has_determiner && !sentence_first {
            Subject::Unknown
        } else if sentence_first && chunk.len() == 1 && !plural(chunk) {
            // "Legal granted …", "Copilot enables …": a name or a team, unknown.
            Subject::Unknown
        } else {
            Subject::Product
        }
    }

    /// What follows token `i`, which the phrase acts on.
    fn object(&self, i: usize) -> Object {
        let toks = &self.s.toks;
        if !self.s.need_term {
            return match toks.get(i) {
                Some(t) if words::is_person(t) => Object::Person,
                Some(t) if t.is_word() => Object::Term {
                    end: i + 1,
                    direct: true,
                },
                _ => Object::Other,
            };
        }
        let mut j = i;
        let mut modifiers = 0;
        while let Some(t) = toks.get(j) {
            if t.term {
                let direct = modifiers == 0
                    || (modifiers == 1 && toks[i].is_any(&["the", "its", "your", "our", "their"]));
                return Object::Term {
                    end: self.noun_phrase_end(j),
                    direct,
                };
            }
            if modifiers < 3 && words::is_noun_phrase_word(t) {
                modifiers += 1;
                j += 1;
                continue;
            }
            break;
        }
        let person = toks[i..j.min(toks.len())].iter().any(words::is_person)
            || toks.get(i).is_some_and(words::is_person);
        if person {
            Object::Person
        } else {
            Object::Other
        }
    }

    /// Whether a short noun phrase starting at `i` is followed by "to" and a word ("the
    /// audience to try ...").
    fn to_follows_object(&self, i: usize) -> bool {
        let toks = &self.s.toks;
        let mut j = i;
        while j < i + 4 && toks.get(j).is_some_and(words::is_noun_phrase_word) {
            j += 1;
        }
        j > i
            && toks.get(j).is_some_and(|t| t.is("to"))
            && toks.get(j + 1).is_some_and(|t| t.is_word() && !t.term)
    }

    /// One past the last token of the noun phrase whose name is token `j`
    /// ("the OpenAI API", "OpenAI's latest models").
    fn noun_phrase_end(&self, j: usize) -> usize {
        let toks = &self.s.toks;
        let mut k = j + 1;
        if toks.get(k).is_some_and(|t| t.is("'s")) {
            k += 1;
            let mut n = 0;
            while n < 3 && toks.get(k).is_some_and(words::is_noun_phrase_word) {
                k += 1;
                n += 1;
            }
        }
        while toks
            .get(k)
            .is_some_and(|t| t.term || words::is_name_noun(t))
        {
            k += 1;
        }
        k
    }

    /// Whether a "to …" that may name who gets something follows token `end` ("grants
    /// access to GPT-5 only to approved workloads"). Only a "to" before a verb of
    /// purpose ("to draft replies") is known not to.
    fn recipient_after(&self, end: usize) -> bool {
        let toks = &self.s.toks;
        let mut k = end;
        while toks
            .get(k)
            .is_some_and(|t| t.is_any(&["only", "just", "exclusively", "solely"]))
        {
            k += 1;
        }
        if !toks.get(k).is_some_and(|t| t.is("to")) {
            return false;
        }
        !toks.get(k + 1).is_some_and(words::is_purpose_verb)
    }

    /// Whether the sentence counts or repeats the action: "whenever", "every time",
    /// "12,000 times", "per request", "for every request", "when …" after the object.
    fn events(&self, from: usize) -> bool {
        const PREPS: &[&str] = &[
            "for", "on", "with", "in", "at", "after", "before", "during", "across", "inside",
            "within",
        ];
        let toks = &self.s.toks;
        for (i, t) in toks.iter().enumerate() {
            if t.is_any(&["whenever", "anytime"])
                || (t.is("time") && i > 0 && toks[i - 1].is_any(&["every", "each", "any"]))
            {
                return true;
            }
        }
        for i in from..toks.len() {
            let t = &toks[i];
            if t.is_any(&["when", "if"])
                || (t.is("per") && toks.get(i + 1).is_some_and(Token::is_word))
            {
                return true;
            }
            if t.is("times")
                && i > 0
                && (words::is_number(&toks[i - 1])
                    || toks[i - 1].is_any(&[
                        "many",
                        "several",
                        "thousands",
                        "millions",
                        "hundreds",
                        "multiple",
                        "two",
                        "three",
                        "four",
                        "five",
                        "ten",
                        "dozens",
                    ]))
            {
                return true;
            }
            if t.is_any(PREPS)
                && toks
                    .get(i + 1)
                    .is_some_and(|q| q.is_any(&["every", "each", "all", "any"]))
            {
                for n in toks.iter().skip(i + 2).take(3) {
                    if words::is_event_noun(n) {
                        return true;
                    }
                    if !n.is_word() || n.is_any(words::PREPOSITIONS) {
                        break;
                    }
                }
            }
        }
        false
    }

    // ----- nouns -----

    /// Whether the single-word phrase at `a` (a verb's base form such as "access") is
    /// used as a noun here.
    fn reads_as_noun(&self, a: usize) -> Result<bool, Decline> {
        let toks = &self.s.toks;
        let next = toks.get(a + 1);
        if next.is_some_and(|t| t.is("to")) {
            return Ok(true);
        }
        let next_is_object = next.is_some_and(|t| {
            t.term || t.is_any(words::DETERMINERS) || t.is_any(words::POSSESSIVES)
        });
        let mut k = a;
        while k > 0 && words::is_adverb(&toks[k - 1]) && !toks[k - 1].is("first") {
            k -= 1;
        }
        let prev = k.checked_sub(1).map(|i| &toks[i]);
        match prev {
            Some(p)
                if p.is("to")
                    || p.is_any(words::MODALS)
                    || p.is_any(words::DO)
                    || p.is_any(&["i", "we", "you", "they"])
                    || words::is_negation(p) =>
            {
                Ok(false)
            }
            Some(p)
                if p.term
                    || p.is_any(words::DETERMINERS)
                    || p.is_any(words::POSSESSIVES)
                    || p.text.ends_with("'s")
                    || p.is_any(words::PREPOSITIONS)
                    || words::adjective(p).is_some() =>
            {
                Ok(true)
            }
            Some(p)
                if (p.is_any(words::PERSON_PRONOUNS) || words::is_noun_phrase_word(p))
                    && k >= 2
                    && words::lookup_verb(&toks[k - 2].text)
                        .is_some_and(|v| v.class == VerbClass::Letting) =>
            {
                Ok(false)
            }
            None if self.s.opens(a) && next_is_object => Ok(false),
            // "Our engineers access GPT-5 ...": a subject, then the verb and its object.
            Some(p) if next_is_object && words::is_noun_phrase_word(p) => Ok(false),
            _ => Err(Decline::Shape),
        }
    }

    /// A single word read as a noun: "access to X" or "X access".
    fn noun_word(&self, a: usize) -> Built {
        let toks = &self.s.toks;
        if !toks.get(a + 1).is_some_and(|t| t.is("to")) {
            return self.name_then_noun(a);
        }
        // Adjectives before it ("direct access", "secure access").
        let mut k = a;
        let mut adverb: Option<Option<&'static str>> = None;
        let mut nominal_ok = true;
        while k > 0 && a - k < 2 {
            match words::adjective(&toks[k - 1]) {
                Some(Adjective::Rollout) => {
                    return Err(Decline::Rollout(toks[k - 1].written.to_lowercase()));
                }
                Some(Adjective::Known(adv)) => {
                    if adverb.is_some() {
                        return Err(Decline::Shape);
                    }
                    adverb = Some(adv);
                    nominal_ok = toks[k - 1].is_any(NOMINAL_ADJECTIVES);
                    k -= 1;
                }
                None => break,
            }
        }
        let x_end = match self.object(a + 2) {
            Object::Term { end, .. } => end,
            _ => return Err(Decline::Object),
        };
        let x_direct = toks.get(a + 2).is_some_and(|t| t.term);
        let noun = toks[a].range.start..toks[a + 1].range.end;
        let from_adjective = toks[k].range.start..toks[a + 1].range.end;
        let nominal = |confident: bool| {
            if nominal_ok {
                self.nominal(noun.clone(), a, confident)
            } else {
                Err(Decline::Shape)
            }
        };
        let Some(prev_at) = k.checked_sub(1) else {
            return nominal(x_direct && k == a && self.s.opens(a));
        };
        let prev = &toks[prev_at];
        if words::is_clause_punct(prev)
            || prev.is_any(&[
                "and", "or", "but", "the", "every", "each", "all", "any", "no",
            ])
            || prev.is("for")
        {
            return nominal(false);
        }
        if prev.is_any(words::POSSESSIVES) || prev.text.ends_with("'s") || prev.text.ends_with("s'")
        {
            return Err(Decline::Permission);
        }
        if prev.term || prev.is_any(words::PREPOSITIONS) || prev.is_any(words::DETERMINERS) {
            return Err(Decline::Shape);
        }
        if let Some(verb) = words::lookup_verb(&prev.text) {
            return match verb.class {
                VerbClass::Including => nominal(false),
                VerbClass::Permission => Err(Decline::Permission),
                VerbClass::Obtaining => {
                    let adverb = self.adverb_after(adverb, x_end)?;
                    self.obtain(prev_at, from_adjective, adverb)
                }
                VerbClass::Having => {
                    let adverb = self.adverb_after(adverb, x_end)?;
                    self.have(prev_at, from_adjective, adverb)
                }
                VerbClass::Needing => {
                    let adverb = self.adverb_after(adverb, x_end)?;
                    let texts = self.render(RewriteRole::Event, Form::Base, Agree::AsIs, true)?;
                    Ok(self.candidates(RewriteRole::Event, &texts, false, |t| {
                        with(
                            self.edit(from_adjective.clone(), &format!("to {t}"), false),
                            adverb.clone(),
                        )
                    }))
                }
                VerbClass::Giving | VerbClass::Letting => Err(Decline::Shape),
            };
        }
        self.split_giving(prev_at, k, from_adjective, adverb, x_end)
    }

    /// "X access" ("ChatGPT Enterprise access for contractors") → "X use".
    fn name_then_noun(&self, a: usize) -> Built {
        let toks = &self.s.toks;
        if a == 0 || !toks[a - 1].term {
            return Err(Decline::Shape);
        }
        match (a - 1).checked_sub(1).map(|i| &toks[i]) {
            None => {}
            Some(p) if words::is_clause_punct(p) || p.is_any(&["the", "and", "or"]) => {}
            Some(p)
                if p.is_any(words::POSSESSIVES)
                    || p.text.ends_with("'s")
                    || words::lookup_verb(&p.text)
                        .is_some_and(|v| v.class == VerbClass::Permission) =>
            {
                return Err(Decline::Permission);
            }
            Some(p)
                if words::lookup_verb(&p.text).is_some_and(|v| v.class == VerbClass::Including) => {
            }
            Some(_) => return Err(Decline::Shape),
        }
        let next_ok = match toks.get(a + 1) {
            None => true,
            Some(t) => {
                words::is_clause_punct(t)
                    || t.is_any(&[
                        "for", "is", "are", "was", "were", "by", "from", "via", "through",
                        "across", "in", "on",
                    ])
            }
        };
        if !next_ok {
            return Err(Decline::Shape);
        }
        let texts: Vec<String> = self
            .render(RewriteRole::Noun, Form::Base, Agree::AsIs, false)?
            .iter()
            .map(|t| noun_head(t).to_string())
            .collect();
        let word = toks[a].range.clone();
        Ok(self.candidates(RewriteRole::Noun, &texts, false, |t| {
            vec![self.edit(word.clone(), t, false)]
        }))
    }

    /// "access to X" standing as a noun phrase → "use of X".
    fn nominal(&self, noun: Range<usize>, a: usize, confident: bool) -> Built {
        let texts = self.render(RewriteRole::Noun, Form::Base, Agree::AsIs, false)?;
        let opens = self.s.opens(a);
        Ok(self.candidates(RewriteRole::Noun, &texts, confident, |t| {
            vec![self.edit(noun.clone(), t, opens)]
        }))
    }

    /// The insertion that moves an adjective after the object as an adverb ("direct
    /// access to X" → "use X directly"), when there is an adjective.
    fn adverb_after(
        &self,
        adverb: Option<Option<&'static str>>,
        x_end: usize,
    ) -> Result<Option<Edit>, Decline> {
        match adverb {
            None => Ok(None),
            Some(None) => Err(Decline::Shape),
            Some(Some(adverb)) => {
                let at = self.s.toks[x_end - 1].range.end;
                Ok(Some(Edit {
                    range: at..at,
                    text: format!(" {}", self.s.cased(adverb, false)),
                }))
            }
        }
    }

    /// "get access to X" → "use X"; "gets access to X" → "can use X".
    fn obtain(&self, g: usize, noun: Range<usize>, adverb: Option<Edit>) -> Built {
        let left = self.left(g);
        if left.negated || left.do_ || left.have || left.be {
            return Err(Decline::Shape);
        }
        let verb = words::lookup_verb(&self.tok(g).text).ok_or(Decline::Shape)?;
        let (prefix, form) = match verb.form {
            // "will get access to X" is "will be able to use X", not "will use X".
            Form::Base if left.modal && !left.can => ("be able to ", Form::Base),
            Form::Base if left.modal || left.to || left.let_ || left.opens => ("", Form::Base),
            // "Connect a repo and get access to …": an imperative or a plural? Unknown.
            Form::Base if left.subject == Subject::Unknown => return Err(Decline::Shape),
            Form::Base | Form::Third => ("can ", Form::Base),
            Form::Gerund => ("", Form::Gerund),
            _ => return Err(Decline::Shape),
        };
        let texts = self.render(RewriteRole::Event, form, Agree::AsIs, true)?;
        let range = self.tok(g).range.start..noun.end;
        let opens = self.s.opens(g);
        Ok(self.candidates(RewriteRole::Event, &texts, false, |t| {
            with(
                self.edit(range.clone(), &format!("{prefix}{t}"), opens),
                adverb.clone(),
            )
        }))
    }

    /// "has access to X" → "can use X"; "will have access to X" → "will be able to use X".
    fn have(&self, g: usize, noun: Range<usize>, adverb: Option<Edit>) -> Built {
        let left = self.left(g);
        if left.negated || left.do_ || left.have || left.be {
            return Err(Decline::Shape);
        }
        let verb = words::lookup_verb(&self.tok(g).text).ok_or(Decline::Shape)?;
        let prefix = if left.modal || left.to {
            "be able to "
        } else {
            match verb.form {
                Form::Base | Form::Third => "can ",
                Form::Past => "could ",
                Form::Gerund => "being able to ",
                Form::Participle => return Err(Decline::Shape),
            }
        };
        let texts = self.render(RewriteRole::Event, Form::Base, Agree::AsIs, true)?;
        let range = self.tok(g).range.start..noun.end;
        let opens = self.s.opens(g);
        Ok(self.candidates(RewriteRole::Event, &texts, false, |t| {
            with(
                self.edit(range.clone(), &format!("{prefix}{t}"), opens),
                adverb.clone(),
            )
        }))
    }

    /// "Give your team access to X" → "Let your team use X".
    fn split_giving(
        &self,
        prev_at: usize,
        k: usize,
        noun: Range<usize>,
        adverb: Option<Option<&'static str>>,
        x_end: usize,
    ) -> Built {
        let toks = &self.s.toks;
        let mut j = prev_at;
        let lowest = k.saturating_sub(5);
        let giver = loop {
            let t = &toks[j];
            if let Some(v) = words::lookup_verb(&t.text)
                && v.class == VerbClass::Giving
                && !t.term
            {
                break (j, v);
            }
            // A comparative or an adverb is no object ("gives teams more access").
            let determiner = t.is_any(words::DETERMINERS) || t.is_any(words::POSSESSIVES);
            let object_word = determiner
                || ((t.is_any(words::PERSON_PRONOUNS) || words::is_noun_phrase_word(t))
                    && !words::is_adverb(t)
                    && !t.is_any(&[
                        "more", "less", "much", "greater", "better", "faster", "broader", "wider",
                        "easier",
                    ]));
            if !object_word || j == 0 || j <= lowest {
                return Err(Decline::Shape);
            }
            j -= 1;
        };
        let (j, verb) = giver;
        if j + 1 >= k {
            return Err(Decline::Shape);
        }
        // The object must name who gets it: "your sales team", "every agent", "them";
        // not an adjective ("offers one-click access").
        let object = &toks[j + 1..k];
        let head = &object[object.len() - 1];
        let recipient = words::is_person(head) || words::is_recipient_noun(head) || plural(&[head]);
        if !recipient || object.iter().any(|t| t.text.contains('-')) {
            return Err(Decline::Shape);
        }
        if self.recipient_after(x_end) {
            return Err(Decline::Recipient);
        }
        let left = self.left(j);
        if left.negated || (left.be && matches!(verb.form, Form::Past | Form::Participle)) {
            return Err(Decline::Shape);
        }
        let adverb = self.adverb_after(adverb, x_end)?;
        let texts = self.render(RewriteRole::Event, Form::Base, Agree::AsIs, true)?;
        let let_word = words::inflect("let", verb.form);
        let giver_edit = self.edit(toks[j].range.clone(), &let_word, self.s.opens(j));
        Ok(self.candidates(RewriteRole::Event, &texts, false, |t| {
            let mut edits = vec![giver_edit.clone(), self.edit(noun.clone(), t, false)];
            edits.extend(adverb.clone());
            edits
        }))
    }

    /// A multi-word noun phrase ("API calls to X") → "use of X", with the verb after it
    /// made to agree ("API calls to GPT-5 are billed" → "Use of GPT-5 is billed").
    fn noun_phrase(&self) -> Built {
        let (p0, p1) = (self.p0, self.p1);
        let toks = &self.s.toks;
        if p1 == p0 || !self.tok(p1).is_any(words::PREPOSITIONS) {
            return Err(Decline::Shape);
        }
        let x_end = match self.object(p1 + 1) {
            Object::Term { end, .. } => end,
            _ => return Err(Decline::Object),
        };
        match p0.checked_sub(1).map(|i| &toks[i]) {
            None => {}
            Some(p)
                if words::is_clause_punct(p)
                    || p.is_any(&[
                        "the", "every", "each", "all", "any", "no", "and", "or", "for",
                    ])
                    || p.is_any(words::POSSESSIVES) => {}
            Some(p)
                if words::lookup_verb(&p.text).is_some_and(|v| v.class == VerbClass::Including) => {
            }
            Some(_) => return Err(Decline::Shape),
        }
        let head = &self.tok(p1 - 1).text;
        let plural_head = head.len() > 3 && head.ends_with('s') && !head.ends_with("ss");
        let agreement = if plural_head {
            self.singular_verb_after(x_end)?
        } else {
            None
        };
        // "There are no API calls to X" → "There is no use of X".
        let mut b = p0;
        while b > 0 && toks[b - 1].is_any(&["no", "the", "any", "all"]) {
            b -= 1;
        }
        let before = match b.checked_sub(1).map(|i| &toks[i]) {
            Some(verb) if plural_head && verb.is("are") => {
                Some(self.edit(verb.range.clone(), "is", false))
            }
            Some(verb) if plural_head && verb.is("were") => {
                Some(self.edit(verb.range.clone(), "was", false))
            }
            _ => None,
        };
        let texts = self.render(RewriteRole::Noun, Form::Base, Agree::AsIs, false)?;
        let phrase = self.tok(p0).range.start..self.tok(p1).range.end;
        let opens = self.s.opens(p0);
        let confident = opens && agreement.is_none();
        Ok(self.candidates(RewriteRole::Noun, &texts, confident, |t| {
            let mut edits = with(self.edit(phrase.clone(), t, opens), agreement.clone());
            edits.extend(before.clone());
            edits
        }))
    }

    /// After a plural subject becomes singular ("API calls to GPT-5 are billed" → "Use
    /// of GPT-5 is billed"): the edit its verb needs, if any. Declines when the verb
    /// cannot be found.
    fn singular_verb_after(&self, x_end: usize) -> Result<Option<Edit>, Decline> {
        const SINGULAR: &[(&str, &str)] = &[
            ("are", "is"),
            ("were", "was"),
            ("have", "has"),
            ("do", "does"),
            ("aren't", "isn't"),
            ("weren't", "wasn't"),
            ("haven't", "hasn't"),
            ("don't", "doesn't"),
        ];
        let toks = &self.s.toks;
        let mut k = x_end;
        // Past a phrase such as "from Lambda" that ends the subject.
        if toks.get(k).is_some_and(|t| t.is_any(words::PREPOSITIONS)) {
            let limit = (k + 6).min(toks.len());
            while k < limit
                && !toks[k].is_any(words::BE)
                && !toks[k].is_any(words::HAVE)
                && !toks[k].is_any(words::DO)
                && !toks[k].is_any(words::MODALS)
                && !words::is_clause_punct(&toks[k])
            {
                k += 1;
            }
        }
        while toks.get(k).is_some_and(words::is_adverb) {
            k += 1;
        }
        let Some(verb) = toks.get(k) else {
            return Ok(None);
        };
        if let Some((_, singular)) = SINGULAR.iter().find(|(p, _)| verb.is(p)) {
            return Ok(Some(self.edit(verb.range.clone(), singular, false)));
        }
        if verb.is_any(words::MODALS)
            || verb.is_any(&["is", "was", "has", "does"])
            || (words::is_clause_punct(verb) && !verb.is(","))
            || (verb.text.ends_with("ed") && verb.text.len() > 3)
        {
            return Ok(None);
        }
        // A plain present verb ("cost", "return"): its third person.
        let plain = !verb.term
            && verb.text.len() > 2
            && verb.text.chars().all(|c| c.is_ascii_lowercase())
            && !verb.text.ends_with('s')
            && !verb.text.ends_with("ing")
            && !verb.is_any(words::PREPOSITIONS)
            && !verb.is_any(words::CLAUSE_WORDS)
            && !verb.is_any(words::DETERMINERS);
        if plain {
            let third = words::inflect(&verb.text, Form::Third);
            return Ok(Some(self.edit(verb.range.clone(), &third, false)));
        }
        Err(Decline::Shape)
    }

    // ----- output -----

    /// The role's rewrites rendered in `form`. `plain` leaves out `{be}` rewrites (no
    /// subject for them to agree with).
    fn render(
        &self,
        role: RewriteRole,
        form: Form,
        agree: Agree,
        plain: bool,
    ) -> Result<Vec<String>, Decline> {
        let rewrites = self.roles.get(role).ok_or(Decline::NoRole(role))?;
        let texts: Vec<String> = rewrites
            .suggest
            .iter()
            .enumerate()
            .filter(|(_, t)| !(plain && is_be_template(t)))
            .filter_map(|(i, t)| {
                let text = rewrites.rendered(i, form)?;
                (!text.trim().is_empty()).then(|| agree_be(t, text, agree))
            })
            .collect();
        if texts.is_empty() {
            Err(Decline::NoRole(role))
        } else {
            Ok(texts)
        }
    }

    fn edit(&self, range: Range<usize>, text: &str, opens: bool) -> Edit {
        Edit {
            range,
            text: self.s.cased(text, opens),
        }
    }

    /// One candidate per rewrite text; only the first may be safe, and only when the
    /// shape is recognised with confidence and the role's rewrites are safe.
    fn candidates(
        &self,
        role: RewriteRole,
        texts: &[String],
        confident: bool,
        edits: impl Fn(&str) -> Vec<Edit>,
    ) -> Vec<Candidate> {
        let safe = confident
            && self
                .roles
                .get(role)
                .is_some_and(|r| r.fix == Applicability::Safe);
        let mut out: Vec<Candidate> = Vec::new();
        for text in texts {
            let mut e = edits(text);
            e.sort_by_key(|e| (e.range.start, e.range.end));
            if out.iter().any(|c| c.edits == e) {
                continue;
            }
            out.push(Candidate {
                edits: e,
                applicability: if out.is_empty() && safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
            });
        }
        out
    }
}

fn with(first: Edit, more: Option<Edit>) -> Vec<Edit> {
    let mut edits = vec![first];
    edits.extend(more);
    edits
}

/// Whether the noun phrase `chunk` is plural.
fn plural(chunk: &[&Token]) -> bool {
    let Some(last) = chunk.iter().rev().find(|t| t.is_word()) else {
        return false;
    };
    if last.is_any(&["we", "you", "they", "people", "staff", "personnel"]) {
        return true;
    }
    !last.term
        && !last.is_upper()
        && last.text.len() > 3
        && last.text.ends_with('s')
        && !last.text.ends_with("ss")
        && !last.text.ends_with("'s")
}

/// The form rewrites take after `left`, and how a `{be}` rewrite agrees.
fn render_form(form: Form, left: &Left) -> (Form, Agree) {
    match form {
        Form::Base if left.modal || left.to || left.do_ || left.let_ || left.opens => {
            (Form::Base, Agree::AsIs)
        }
        Form::Base => (Form::Base, Agree::PresentPlural),
        Form::Third => (Form::Third, Agree::AsIs),
        Form::Past | Form::Participle if left.have => (Form::Participle, Agree::AsIs),
        Form::Past | Form::Participle => (
            Form::Past,
            if left.plural {
                Agree::PastPlural
            } else {
                Agree::AsIs
            },
        ),
        Form::Gerund => (Form::Gerund, Agree::AsIs),
    }
}

fn is_be_template(template: &str) -> bool {
    template.trim_start().starts_with("{be}")
}

/// `template` in `form`, a leading `{be}` agreeing with a plural subject.
#[cfg(test)]
fn render_one(template: &str, form: Form, agree: Agree) -> Option<String> {
    let text = pattern::render_template(template, Some(form)).ok()?;
    Some(agree_be(template, &text, agree))
}

/// `text` (`template` rendered) with a leading `{be}` agreeing with a plural subject.
fn agree_be(template: &str, text: &str, agree: Agree) -> String {
    if !is_be_template(template) {
        return text.to_string();
    }
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    let first = match (first, agree) {
        ("be", Agree::PresentPlural) => "are",
        ("was", Agree::PastPlural) => "were",
        (other, _) => other,
    };
    if rest.is_empty() {
        first.to_string()
    } else {
        format!("{first} {rest}")
    }
}

/// A noun rewrite without its trailing preposition ("use of" → "use").
fn noun_head(template: &str) -> &str {
    match template.rsplit_once(' ') {
        Some((head, last)) if words::PREPOSITIONS.contains(&last) => head,
        _ => template,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn be_rewrites_agree_with_a_plural_subject() {
        let be = "{be} powered by";
        assert_eq!(
            render_one(be, Form::Third, Agree::AsIs).unwrap(),
            "is powered by"
        );
        assert_eq!(
            render_one(be, Form::Base, Agree::PresentPlural).unwrap(),
            "are powered by"
        );
        assert_eq!(
            render_one(be, Form::Past, Agree::PastPlural).unwrap(),
            "were powered by"
        );
        assert_eq!(
            render_one(be, Form::Base, Agree::AsIs).unwrap(),
            "be powered by"
        );
        assert_eq!(
            render_one("{integrate} with", Form::Past, Agree::PastPlural).unwrap(),
            "integrated with"
        );
    }

    #[test]
    fn a_noun_rewrite_loses_its_preposition_before_a_name() {
        assert_eq!(noun_head("use of"), "use");
        assert_eq!(noun_head("integration with"), "integration");
        assert_eq!(noun_head("usage"), "usage");
    }
}
