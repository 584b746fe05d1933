//! Synthetic briefing libraries for benchmarks: the one generator that both
//! `examples/gen-library.rs` and the benches in `benches/` include (by
//! `#[path]`), so every figure is measured on the same kind of library.
//!
//! A briefing is about 25 KB: 30-40 paragraphs of prose built from word
//! lists, 20-30 claims, sources graded A-F, experts, caveats, and links
//! between them. Every quote is a span of the article that occurs exactly
//! once where it is searched, so every anchor resolves and the file passes
//! `debrief check`. Actors (a few hundred, ids `actor-0042`) and the 60
//! countries are shared across the library, so filters and facets see the
//! same actor in many briefings. Everything is deterministic from the seed,
//! and briefing `i` depends only on the seed and `i`, so files can be
//! written in parallel and still come out the same.

#![allow(dead_code)] // each includer uses a different part

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast, and good enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// A generator for item `i` of a stream, independent of the others.
    pub fn derive(seed: u64, stream: u64, i: u64) -> Rng {
        let mut r = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.0 ^= r
            .next_u64()
            .wrapping_add(i.wrapping_mul(0xE703_7ED1_A0B4_28DB));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// Between `lo` and `hi` distinct indices of `0..n`.
    pub fn some(&mut self, n: usize, lo: usize, hi: usize) -> Vec<usize> {
        let k = self.range(lo, hi);
        self.sample(n, k)
    }

    /// `k` distinct indices of `0..n`, in random order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

/// 60 real ISO 3166-1 alpha-2 codes, with a name and a capital for the prose.
pub const COUNTRIES: [(&str, &str, &str); 60] = [
    ("US", "the United States", "Washington"),
    ("GB", "the United Kingdom", "London"),
    ("FR", "France", "Paris"),
    ("DE", "Germany", "Berlin"),
    ("CZ", "Czechia", "Prague"),
    ("CN", "China", "Beijing"),
    ("RU", "Russia", "Moscow"),
    ("IR", "Iran", "Tehran"),
    ("KP", "North Korea", "Pyongyang"),
    ("KR", "South Korea", "Seoul"),
    ("JP", "Japan", "Tokyo"),
    ("IN", "India", "New Delhi"),
    ("PK", "Pakistan", "Islamabad"),
    ("IL", "Israel", "Jerusalem"),
    ("UA", "Ukraine", "Kyiv"),
    ("PL", "Poland", "Warsaw"),
    ("FI", "Finland", "Helsinki"),
    ("NO", "Norway", "Oslo"),
    ("SE", "Sweden", "Stockholm"),
    ("DK", "Denmark", "Copenhagen"),
    ("NL", "the Netherlands", "The Hague"),
    ("BE", "Belgium", "Brussels"),
    ("LU", "Luxembourg", "Luxembourg"),
    ("IT", "Italy", "Rome"),
    ("ES", "Spain", "Madrid"),
    ("PT", "Portugal", "Lisbon"),
    ("AT", "Austria", "Vienna"),
    ("CH", "Switzerland", "Bern"),
    ("HU", "Hungary", "Budapest"),
    ("SK", "Slovakia", "Bratislava"),
    ("RO", "Romania", "Bucharest"),
    ("BG", "Bulgaria", "Sofia"),
    ("GR", "Greece", "Athens"),
    ("TR", "Turkey", "Ankara"),
    ("EE", "Estonia", "Tallinn"),
    ("LV", "Latvia", "Riga"),
    ("LT", "Lithuania", "Vilnius"),
    ("IE", "Ireland", "Dublin"),
    ("CA", "Canada", "Ottawa"),
    ("AU", "Australia", "Canberra"),
    ("NZ", "New Zealand", "Wellington"),
    ("SG", "Singapore", "Singapore"),
    ("MY", "Malaysia", "Kuala Lumpur"),
    ("ID", "Indonesia", "Jakarta"),
    ("PH", "the Philippines", "Manila"),
    ("VN", "Vietnam", "Hanoi"),
    ("TH", "Thailand", "Bangkok"),
    ("TW", "Taiwan", "Taipei"),
    ("BR", "Brazil", "Brasilia"),
    ("MX", "Mexico", "Mexico City"),
    ("AR", "Argentina", "Buenos Aires"),
    ("ZA", "South Africa", "Pretoria"),
    ("NG", "Nigeria", "Abuja"),
    ("EG", "Egypt", "Cairo"),
    ("SA", "Saudi Arabia", "Riyadh"),
    ("AE", "the United Arab Emirates", "Abu Dhabi"),
    ("QA", "Qatar", "Doha"),
    ("BY", "Belarus", "Minsk"),
    ("GE", "Georgia", "Tbilisi"),
    ("MD", "Moldova", "Chisinau"),
];

/// Countries threat groups are most often attributed to (indices into COUNTRIES).
const SPONSORS: [usize; 6] = [5, 6, 7, 8, 57, 12];

const ADJECTIVES: &[&str] = &[
    "Crimson", "Silent", "Amber", "Cobalt", "Granite", "Velvet", "Hollow", "Scarlet", "Iron",
    "Pale", "Midnight", "Copper", "Frozen", "Golden", "Shadow", "Emerald", "Ashen", "Violet",
    "Storm", "Quiet", "Rust", "Indigo", "Bronze", "Obsidian",
];
const ANIMALS: &[&str] = &[
    "Heron", "Lynx", "Panda", "Typhoon", "Viper", "Falcon", "Bear", "Kitten", "Jackal", "Otter",
    "Chollima", "Spider", "Badger", "Mantis", "Raven", "Tiger", "Sandworm", "Crane", "Wolf",
    "Hornet",
];
const FIRST: &[&str] = &[
    "Anna",
    "Tomas",
    "Mei",
    "Oleksandr",
    "Sarah",
    "Jakub",
    "Priya",
    "Lars",
    "Elena",
    "David",
    "Aiko",
    "Marek",
    "Fatima",
    "Jonas",
    "Ingrid",
    "Carlos",
    "Nadia",
    "Pieter",
    "Leila",
    "Mikko",
    "Hannah",
    "Viktor",
    "Sofia",
    "Rahul",
];
const LAST: &[&str] = &[
    "Novak",
    "Lindqvist",
    "Chen",
    "Kowalski",
    "Haddad",
    "Brennan",
    "Sato",
    "Dvorak",
    "Moreau",
    "Okafor",
    "Petrov",
    "Virtanen",
    "Fischer",
    "Alvarez",
    "Nakamura",
    "Horvath",
    "Jensen",
    "Rossi",
    "Kaur",
    "Meyer",
    "Eriksen",
    "Ivanova",
    "Dubois",
    "Walsh",
];
const VENDOR_A: &[&str] = &[
    "Norlinde",
    "Kestrel",
    "Bastion",
    "Tessellate",
    "Arclight",
    "Halvard",
    "Quillon",
    "Meridian",
    "Sentinel",
    "Oakmere",
    "Vantage",
    "Corvid",
];
const VENDOR_B: &[&str] = &[
    "Security",
    "Labs",
    "Threat Intelligence",
    "Cyber",
    "Networks",
    "Research",
];
const INSTITUTES: &[&str] = &[
    "Institute for Security Studies",
    "Centre for Strategic Affairs",
    "Digital Policy Forum",
    "School of Public Affairs",
    "Council on International Relations",
    "Network Defence Research Group",
];
const AGENCY_KINDS: &[&str] = &[
    "National Cyber Security Centre",
    "Security Information Service",
    "Computer Emergency Response Team",
    "Foreign Intelligence Service",
    "Police Cybercrime Unit",
];
const OUTLETS: &[&str] = &[
    "Example Wire",
    "The Northern Ledger",
    "Harbour Times",
    "Continental Review",
    "Signal and Noise",
    "The Daily Dispatch",
    "Policy Brief Weekly",
    "Baltic Observer",
];
const SECTORS: &[&str] = &[
    "foreign ministries",
    "defence contractors",
    "telecommunications operators",
    "energy utilities",
    "regional hospitals",
    "parliamentary mail systems",
    "port authorities",
    "satellite operators",
    "election commissions",
    "university research labs",
    "water utilities",
    "customs agencies",
];
const ASSETS: &[&str] = &[
    "mail servers",
    "workstations",
    "domain controllers",
    "routers",
    "VPN appliances",
    "file shares",
    "cloud tenants",
    "accounts",
];
const VECTORS: &[&str] = &[
    "a spear-phishing message disguised as a conference invitation",
    "an unpatched flaw in an edge appliance",
    "stolen credentials bought on a criminal forum",
    "a compromised software update",
    "a watering-hole attack on a trade association website",
    "password spraying against webmail accounts",
    "a malicious document sent to press officers",
    "a misconfigured remote desktop gateway",
];
const TECHNIQUES: &[&str] = &[
    "custom backdoors",
    "living-off-the-land tools",
    "hijacked home routers",
    "a rented botnet",
    "signed drivers",
    "web shells",
    "encrypted tunnels",
    "legitimate remote administration software",
];
const GOALS: &[&str] = &[
    "hide their traffic",
    "move laterally",
    "exfiltrate diplomatic cables",
    "stay on the network for months",
    "collect negotiating positions",
    "map the internal network",
    "harvest further credentials",
    "disable logging",
];
const EVIDENCE: &[&str] = &[
    "overlapping command-and-control infrastructure",
    "code shared with earlier malware",
    "working hours consistent with a single time zone",
    "intelligence shared by partner services",
    "reused encryption keys",
    "registration details of attack domains",
    "a language setting left in a compiled file",
    "telemetry from several victims",
];
const HEDGES: &[&str] = &[
    "although no technical report was published",
    "while declining to name the victims",
    "though the statement gave few details",
    "without offering evidence in public",
    "in a statement issued late in the evening",
    "after months of private diplomatic contacts",
    "according to a person briefed on the inquiry",
    "citing an internal assessment",
];
const REPORTING: &[&str] = &[
    "said",
    "stated",
    "told reporters",
    "wrote",
    "confirmed",
    "argued",
    "warned",
    "concluded",
    "noted",
    "acknowledged",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const TAGS: &[&str] = &[
    "attribution",
    "espionage",
    "sabotage",
    "ransomware",
    "disinformation",
    "sanctions",
    "critical-infrastructure",
    "supply-chain",
    "elections",
    "diplomacy",
];
const CONFIDENCE: &[&str] = &[
    "almost-no-chance",
    "very-unlikely",
    "unlikely",
    "roughly-even-chance",
    "likely",
    "very-likely",
    "almost-certain",
];
const STANCES: &[&str] = &["supports", "cautions", "disputes", "neutral"];
const SOURCE_KINDS: &[&str] = &[
    "official",
    "media",
    "vendor",
    "research",
    "expert",
    "anonymous",
    "document",
];
const RELIABILITY: &[&str] = &["A", "B", "C", "D", "E", "F"];
const CLAIM_VERBS: &[&str] = &[
    "attributes the intrusion to",
    "links the campaign to",
    "says the access was gained by",
    "describes the activity as the work of",
    "holds responsible",
    "reports earlier activity by",
];
const CAVEAT_TEXTS: &[&str] = &[
    "Attribution rests on indicators that an adversary can imitate.",
    "The statement gives no technical evidence that can be checked.",
    "The number of affected systems comes from a single source.",
    "The vendor sells services to the government it quotes.",
    "The timeline mixes reported and inferred dates.",
    "The article does not say how the intelligence was obtained.",
    "Earlier reporting named a different group for similar activity.",
    "The anonymous officials may speak for one agency only.",
];

#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    /// Index into COUNTRIES; alliances have none.
    pub country: Option<usize>,
    pub aliases: Vec<String>,
    pub refs: Vec<String>,
}

/// The actors every briefing of a library draws on.
#[derive(Debug, Clone)]
pub struct Universe {
    pub actors: Vec<Actor>,
    groups: Vec<usize>,
    governments: Vec<usize>,
    agencies: Vec<usize>,
    companies: Vec<usize>,
    organisations: Vec<usize>,
    persons: Vec<usize>,
    alliances: Vec<usize>,
}

impl Universe {
    pub fn new(seed: u64) -> Universe {
        let mut rng = Rng::derive(seed, 1, 0);
        let mut u = Universe {
            actors: Vec::new(),
            groups: Vec::new(),
            governments: Vec::new(),
            agencies: Vec::new(),
            companies: Vec::new(),
            organisations: Vec::new(),
            persons: Vec::new(),
            alliances: Vec::new(),
        };
        for (name, alias) in [
            ("NATO", "North Atlantic Treaty Organization"),
            ("European Union", "EU"),
            ("Five Eyes", "FVEY"),
        ] {
            let i = add(
                &mut u,
                name.into(),
                "alliance",
                None,
                vec![alias.into()],
                vec![],
            );
            u.alliances.push(i);
        }
        for (c, (_, name, _)) in COUNTRIES.iter().enumerate() {
            let i = add(
                &mut u,
                format!("Government of {name}"),
                "government",
                Some(c),
                vec![],
                vec![],
            );
            u.governments.push(i);
        }
        for (c, (_, country, _)) in COUNTRIES.iter().enumerate() {
            for _ in 0..2 {
                let what = rng.pick(AGENCY_KINDS);
                let name = format!("{} {what}", strip_the(country));
                if u.actors.iter().any(|a| a.name == name) {
                    continue;
                }
                let i = add(&mut u, name, "agency", Some(c), vec![], vec![]);
                u.agencies.push(i);
            }
        }
        let mut names = std::collections::HashSet::new();
        while u.groups.len() < 80 {
            let name = format!("{} {}", rng.pick(ADJECTIVES), rng.pick(ANIMALS));
            if !names.insert(name.clone()) {
                continue;
            }
            let n = u.groups.len();
            let aliases = vec![
                format!("APT{}", 10 + n),
                format!("TA{}", 400 + rng.below(500)),
                format!("Storm-{:04}", rng.below(2000)),
            ];
            let refs = vec![format!("mitre:G{:04}", 1000 + n)];
            let country = *rng.pick(&SPONSORS);
            let i = add(&mut u, name, "threat-group", Some(country), aliases, refs);
            u.groups.push(i);
        }
        while u.companies.len() < 40 {
            let name = format!("{} {}", rng.pick(VENDOR_A), rng.pick(VENDOR_B));
            if !names.insert(name.clone()) {
                continue;
            }
            let country = rng.below(COUNTRIES.len());
            let i = add(&mut u, name, "company", Some(country), vec![], vec![]);
            u.companies.push(i);
        }
        while u.organisations.len() < 30 {
            let country = rng.below(COUNTRIES.len());
            let name = format!(
                "{} {}",
                strip_the(COUNTRIES[country].1),
                rng.pick(INSTITUTES)
            );
            if !names.insert(name.clone()) {
                continue;
            }
            let i = add(&mut u, name, "organisation", Some(country), vec![], vec![]);
            u.organisations.push(i);
        }
        while u.persons.len() < 60 {
            let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
            if !names.insert(name.clone()) {
                continue;
            }
            let country = rng.below(COUNTRIES.len());
            let i = add(&mut u, name, "person", Some(country), vec![], vec![]);
            u.persons.push(i);
        }
        u
    }
}

fn strip_the(name: &str) -> &str {
    name.strip_prefix("the ").unwrap_or(name)
}

fn add(
    u: &mut Universe,
    name: String,
    kind: &'static str,
    country: Option<usize>,
    aliases: Vec<String>,
    refs: Vec<String>,
) -> usize {
    let i = u.actors.len();
    u.actors.push(Actor {
        id: format!("actor-{i:04}"),
        name,
        kind,
        country,
        aliases,
        refs,
    });
    i
}

/// Makes briefings of one library.
#[derive(Debug, Clone)]
pub struct Generator {
    pub seed: u64,
    pub universe: Universe,
}

/// An item's anchor as the file writes it.
struct Anchor {
    quote: String,
    para: Option<usize>,
}

/// The briefing being built, before it is written out as YAML.
struct Draft<'u> {
    u: &'u Universe,
    rng: Rng,
    /// Actors of this briefing (indices into the universe), the main group first.
    actors: Vec<usize>,
    paragraphs: Vec<String>,
    /// Sentences by paragraph, as byte ranges of the paragraph text.
    sentences: Vec<Vec<(usize, usize)>>,
    /// How many sentences a paragraph has, at least and at most.
    per_paragraph: (usize, usize),
    experts: Vec<(String, String)>,
}

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator {
            seed,
            universe: Universe::new(seed),
        }
    }

    /// The file name (without folder) and text of briefing `index`.
    pub fn briefing(&self, index: usize) -> (PathBuf, String) {
        let mut rng = Rng::derive(self.seed, 2, index as u64);
        let paragraphs = rng.range(30, 40);
        let year = 2015 + rng.below(11);
        self.write(index, rng, year, paragraphs, usize::MAX)
    }

    /// One briefing whose article has at least `article_bytes` bytes of text.
    pub fn big_briefing(&self, index: usize, article_bytes: usize) -> (PathBuf, String) {
        let rng = Rng::derive(self.seed, 3, index as u64);
        self.write(index, rng, 2025, usize::MAX, article_bytes)
    }

    fn write(
        &self,
        index: usize,
        rng: Rng,
        year: usize,
        paragraphs: usize,
        article_bytes: usize,
    ) -> (PathBuf, String) {
        let mut d = Draft {
            u: &self.universe,
            rng,
            actors: Vec::new(),
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            // Big articles have long paragraphs: a briefing may have at most
            // 10,000 paragraphs, and 5 MB of short ones would be more.
            per_paragraph: if article_bytes == usize::MAX {
                (2, 3)
            } else {
                (8, 12)
            },
            experts: Vec::new(),
        };
        d.cast();
        let id = format!("brief-{year}-{index:06}");
        let mut total = 0;
        while d.paragraphs.len() < paragraphs && total < article_bytes {
            d.paragraph();
            total += d.paragraphs.last().map_or(0, String::len);
        }
        let yaml = d.yaml(&id, year);
        (PathBuf::from(format!("{year}/{id}.yaml")), yaml)
    }
}

impl Draft<'_> {
    fn actor(&self, i: usize) -> &Actor {
        &self.u.actors[self.actors[i]]
    }

    /// Chooses the briefing's actors: a main group, victims, a vendor, others.
    fn cast(&mut self) {
        let u = self.u;
        let r = &mut self.rng;
        let mut chosen: Vec<usize> = vec![*r.pick(&u.groups)];
        let victim = r.below(COUNTRIES.len());
        chosen.push(u.governments[victim]);
        if let Some(&agency) = u
            .agencies
            .iter()
            .find(|&&a| u.actors[a].country == Some(victim))
        {
            chosen.push(agency);
        }
        if let Some(sponsor) = u.actors[chosen[0]].country {
            chosen.push(u.governments[sponsor]);
        }
        chosen.push(*r.pick(&u.companies));
        chosen.push(*r.pick(&u.companies));
        chosen.push(*r.pick(&u.organisations));
        chosen.push(*r.pick(&u.persons));
        chosen.push(*r.pick(&u.persons));
        chosen.push(*r.pick(&u.groups));
        if r.chance(50) {
            chosen.push(*r.pick(&u.alliances));
        }
        for _ in 0..r.range(0, 3) {
            chosen.push(r.below(u.actors.len()));
        }
        let mut seen = std::collections::HashSet::new();
        chosen.retain(|a| seen.insert(*a));
        self.actors = chosen;
        for _ in 0..self.rng.range(3, 6) {
            let name = format!("{} {}", self.rng.pick(FIRST), self.rng.pick(LAST));
            if self.experts.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let c = self.rng.below(COUNTRIES.len());
            let affiliation = format!(
                "{} {}",
                strip_the(COUNTRIES[c].1),
                self.rng.pick(INSTITUTES)
            );
            self.experts.push((name, affiliation));
        }
    }

    fn name(&mut self) -> String {
        let i = self.rng.below(self.actors.len());
        self.actor(i).name.clone()
    }

    fn date(&mut self) -> String {
        format!("{} {}", self.rng.pick(MONTHS), 2012 + self.rng.below(14))
    }

    fn country(&mut self) -> (&'static str, &'static str) {
        let (_, name, capital) = COUNTRIES[self.rng.below(COUNTRIES.len())];
        (name, capital)
    }

    /// A sentence of plausible reporting; numbers, names and dates make
    /// most five-word spans of it unique in the article.
    fn sentence(&mut self) -> String {
        let group = self.actor(0).name.clone();
        let other = self.name();
        let (country, capital) = self.country();
        let r = &mut self.rng;
        let n = 3 + r.below(400);
        let day = 1 + r.below(28);
        let month = *r.pick(MONTHS);
        match r.below(9) {
            0 => format!(
                "Officials in {capital} {} on {} that {group} had gained access to {n} {} at {} in {country} between {month} and {}.",
                r.pick(REPORTING),
                r.pick(WEEKDAYS),
                r.pick(ASSETS),
                r.pick(SECTORS),
                r.pick(MONTHS)
            ),
            1 => format!(
                "The intrusion began on {day} {month} with {}, {}.",
                r.pick(VECTORS),
                r.pick(HEDGES)
            ),
            2 => format!(
                "Investigators pointed to {} and {}, which {other} {} tied the activity to {group}.",
                r.pick(EVIDENCE),
                r.pick(EVIDENCE),
                r.pick(&["said", "believes", "maintains", "argued"])
            ),
            3 => format!(
                "According to {other}, the attackers used {} to {} and later {}, touching at least {n} {}.",
                r.pick(TECHNIQUES),
                r.pick(GOALS),
                r.pick(GOALS),
                r.pick(ASSETS)
            ),
            4 => {
                let (first, last) = (*r.pick(FIRST), *r.pick(LAST));
                format!(
                    "\"We saw the same {} in {n} cases since {month},\" {first} {last} {}, adding that {} {}.",
                    r.pick(EVIDENCE),
                    r.pick(REPORTING),
                    r.pick(SECTORS),
                    r.pick(&[
                        "remain exposed",
                        "were warned in advance",
                        "have since patched",
                        "did not respond"
                    ])
                )
            }
            5 => format!(
                "{other} {} the accusation on {} {day} {month}, calling it {} and {}.",
                r.pick(&["rejected", "dismissed", "denied", "welcomed", "echoed"]),
                r.pick(WEEKDAYS),
                r.pick(&[
                    "groundless",
                    "overdue",
                    "political",
                    "measured",
                    "premature"
                ]),
                r.pick(&[
                    "unsupported by evidence",
                    "a matter for diplomats",
                    "long expected",
                    "a warning to others"
                ])
            ),
            6 => format!(
                "The campaign against {} in {country} is the {} such case disclosed this year, and the {} to involve {}.",
                r.pick(SECTORS),
                r.pick(&["second", "third", "fourth", "fifth", "sixth"]),
                r.pick(&["first", "latest", "largest", "longest"]),
                r.pick(ASSETS)
            ),
            7 => format!(
                "In {capital}, {} {} about {n} {} before the breach was reported in {}.",
                r.pick(&[
                    "lawmakers asked",
                    "auditors had warned",
                    "the regulator wrote",
                    "unions complained"
                ]),
                r.pick(&["repeatedly", "twice", "in private", "as early as 2019"]),
                r.pick(ASSETS),
                r.pick(MONTHS)
            ),
            _ => format!(
                "{other} has {} {group} with {} since {}, {} {day} {month}.",
                r.pick(&["associated", "linked", "tracked", "connected"]),
                r.pick(SECTORS),
                2010 + r.below(15),
                r.pick(&[
                    "according to a report dated",
                    "in an advisory of",
                    "as first disclosed on",
                    "in testimony given on"
                ])
            ),
        }
    }

    fn paragraph(&mut self) {
        let mut text = String::new();
        let mut spans = Vec::new();
        let (lo, hi) = self.per_paragraph;
        for _ in 0..self.rng.range(lo, hi) {
            if !text.is_empty() {
                text.push(' ');
            }
            let s = self.sentence();
            spans.push((text.len(), text.len() + s.len()));
            text.push_str(&s);
        }
        self.paragraphs.push(text);
        self.sentences.push(spans);
    }

    /// An anchor in a sentence not used before: a span of 4-7 words that
    /// occurs exactly once where it is searched (its paragraph if `para` is
    /// set, else the whole article). `None` when no such span is found.
    fn anchor(
        &mut self,
        used: &mut std::collections::HashSet<(usize, usize)>,
        para_always: bool,
    ) -> Option<Anchor> {
        for _ in 0..20 {
            let p = if para_always && self.paragraphs.len() > 60 {
                // Big articles: keep anchors near the top, as a reader meets them.
                self.rng.below(60)
            } else {
                self.rng.below(self.paragraphs.len())
            };
            let s = self.rng.below(self.sentences[p].len());
            if !used.insert((p, s)) {
                continue;
            }
            let (start, end) = self.sentences[p][s];
            let words: Vec<&str> = self.paragraphs[p][start..end].split(' ').collect();
            let len = self.rng.range(4, 7).min(words.len());
            let from = self.rng.below(words.len() - len + 1);
            let quote = words[from..from + len].join(" ");
            let para = if para_always || self.rng.chance(30) {
                Some(p)
            } else {
                None
            };
            let count = match para {
                Some(p) => occurrences(&self.paragraphs[p], &quote, 2),
                None => self
                    .paragraphs
                    .iter()
                    .map(|t| occurrences(t, &quote, 2))
                    .sum(),
            };
            if count == 1 {
                return Some(Anchor { quote, para });
            }
        }
        None
    }

    fn yaml(&mut self, id: &str, year: usize) -> String {
        let big = self.paragraphs.len() > 100;
        let mut y = String::with_capacity(
            self.paragraphs.iter().map(|p| p.len()).sum::<usize>() * 5 / 4 + 8192,
        );
        let group = self.actor(0).name.clone();
        let victim = self.actor(1).name.clone();
        let month = 1 + self.rng.below(12);
        let day = 1 + self.rng.below(28);
        let outlet = *self.rng.pick(OUTLETS);
        let _ = writeln!(y, "format: debrief/1");
        let _ = writeln!(y, "id: {id}");
        let what = *self
            .rng
            .pick(&["intrusion", "campaign", "breach", "espionage operation"]);
        let sector = *self.rng.pick(SECTORS);
        let title = match self.rng.below(3) {
            0 => format!("{victim} blames {group} for {what} against {sector}"),
            1 => format!("{victim} links {what} against {sector} to {group}"),
            _ => format!("{group} behind {what} against {sector}, says {victim}"),
        };
        let _ = writeln!(y, "title: {}", scalar(&title));
        let _ = writeln!(y, "outlet: {}", scalar(outlet));
        let _ = writeln!(y, "published: {year}-{month:02}-{day:02}");
        let _ = writeln!(
            y,
            "url: https://{}.example.org/{year}/{month:02}/{id}",
            outlet.to_lowercase().replace(' ', "-")
        );
        let summary = format!(
            "{victim} says {group} was behind a campaign against {}. The article cites {} but offers no technical evidence of its own; the attribution is the government's, and the figures come from one vendor.",
            self.rng.pick(SECTORS),
            self.rng.pick(EVIDENCE)
        );
        y.push_str("summary: >\n");
        block(&mut y, &summary, 2);
        let tags = self.rng.some(TAGS.len(), 1, 4);
        let _ = writeln!(
            y,
            "tags: [{}]",
            tags.iter().map(|&t| TAGS[t]).collect::<Vec<_>>().join(", ")
        );

        y.push_str("\nactors:\n");
        for i in 0..self.actors.len() {
            let a = self.actor(i).clone();
            let _ = writeln!(y, "  - id: {}", a.id);
            let _ = writeln!(y, "    name: {}", scalar(&a.name));
            let _ = writeln!(y, "    kind: {}", a.kind);
            if let Some(c) = a.country {
                let _ = writeln!(y, "    country: {}", COUNTRIES[c].0);
            }
            if !a.aliases.is_empty() {
                let _ = writeln!(y, "    aliases: [{}]", flow_list(&a.aliases));
            }
            if !a.refs.is_empty() {
                let _ = writeln!(y, "    refs: [{}]", flow_list(&a.refs));
            }
        }

        y.push_str("\narticle:\n");
        for (i, p) in self.paragraphs.iter().enumerate() {
            let _ = writeln!(y, "  - id: p{}", i + 1);
            y.push_str("    text: |\n");
            block(&mut y, p, 6);
        }

        // Sources: some speak for an actor of the briefing.
        let n_sources = self.rng.range(5, 8);
        y.push_str("\nsources:\n");
        for s in 0..n_sources {
            let kind = *self.rng.pick(SOURCE_KINDS);
            let actor = if self.rng.chance(60) {
                Some(self.rng.below(self.actors.len()))
            } else {
                None
            };
            let name = match actor {
                Some(a) => format!(
                    "{} {}",
                    self.actor(a).name,
                    match kind {
                        "official" => "statement",
                        "vendor" => "threat report",
                        "document" => "court filing",
                        "research" => "working paper",
                        _ => "briefing to reporters",
                    }
                ),
                None => format!("{} report of {} {}", outlet, self.rng.pick(MONTHS), year),
            };
            let _ = writeln!(y, "  - id: s{}", s + 1);
            let _ = writeln!(y, "    name: {}", scalar(&name));
            let _ = writeln!(y, "    kind: {kind}");
            // One source, one grade across the library, as `check` expects
            // (by its name); the draw is still made so the rest of the
            // library comes out as it did before.
            let _ = self.rng.pick(RELIABILITY);
            let grade = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            });
            let grade = RELIABILITY[(grade % RELIABILITY.len() as u64) as usize];
            let _ = writeln!(y, "    reliability: {grade}");
            let _ = writeln!(y, "    url: https://sources.example.net/{id}/s{}", s + 1);
            if let Some(a) = actor {
                let _ = writeln!(y, "    actor: {}", self.actor(a).id);
            }
        }

        // Claims: every actor is named by at least one, so none goes unreferenced.
        let n_claims = self.rng.range(20, 30);
        let n_caveats = self.rng.range(4, 8);
        let mut used = std::collections::HashSet::new();
        y.push_str("\nclaims:\n");
        for c in 0..n_claims {
            let by = self.rng.below(self.actors.len());
            let mut involved = vec![c % self.actors.len()];
            if self.rng.chance(60) {
                involved.push(0);
            }
            involved.retain(|&a| a != by);
            involved.dedup();
            let verb = *self.rng.pick(CLAIM_VERBS);
            let by_name = self.actor(by).name.clone();
            let text = match involved.first() {
                Some(&a) => format!("{by_name} {verb} {}.", self.actor(a).name),
                None => format!(
                    "{by_name} {}.",
                    self.rng.pick(&[
                        "acknowledges the activity",
                        "denies any involvement",
                        "says its systems were not affected",
                    ])
                ),
            };
            let _ = writeln!(y, "  - id: c{}", c + 1);
            let _ = writeln!(y, "    text: {}", scalar(&text));
            if self.rng.chance(92)
                && let Some(a) = self.anchor(&mut used, big)
            {
                let _ = writeln!(y, "    quote: {}", scalar(&a.quote));
                if let Some(p) = a.para {
                    let _ = writeln!(y, "    para: p{}", p + 1);
                }
            }
            let _ = writeln!(y, "    by: {}", self.actor(by).id);
            if !involved.is_empty() {
                let ids: Vec<String> = involved.iter().map(|&a| self.actor(a).id.clone()).collect();
                let _ = writeln!(y, "    actors: [{}]", ids.join(", "));
            }
            let mut countries: Vec<&str> = std::iter::once(by)
                .chain(involved.iter().copied())
                .filter_map(|a| self.actor(a).country)
                .map(|c| COUNTRIES[c].0)
                .collect();
            if self.rng.chance(25) {
                countries.push(COUNTRIES[self.rng.below(COUNTRIES.len())].0);
            }
            countries.sort_unstable();
            countries.dedup();
            if !countries.is_empty() {
                let _ = writeln!(y, "    countries: [{}]", countries.join(", "));
            }
            let _ = writeln!(y, "    confidence: {}", self.rng.pick(CONFIDENCE));
            let sources = self.rng.some(n_sources, 1, 3);
            let _ = writeln!(
                y,
                "    sources: [{}]",
                sources
                    .iter()
                    .map(|s| format!("s{}", s + 1))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if self.rng.chance(35) {
                let k = self.rng.some(n_caveats, 1, 2);
                let _ = writeln!(
                    y,
                    "    caveats: [{}]",
                    k.iter()
                        .map(|k| format!("k{}", k + 1))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }

        y.push_str("\nexperts:\n");
        let experts = self.experts.clone();
        for (e, (name, affiliation)) in experts.iter().enumerate() {
            let _ = writeln!(y, "  - id: e{}", e + 1);
            let _ = writeln!(y, "    name: {}", scalar(name));
            let _ = writeln!(y, "    affiliation: {}", scalar(affiliation));
            let says = format!(
                "{} {}",
                self.rng.pick(&[
                    "Technical indicators can be imitated, so",
                    "The evidence is consistent with earlier cases, and",
                    "Without published samples,",
                    "Given the targets chosen,"
                ]),
                self.rng.pick(&[
                    "the attribution should be read as a political judgement.",
                    "the link to the group is plausible.",
                    "outsiders cannot check the claim.",
                    "the motive looks like intelligence collection."
                ])
            );
            let _ = writeln!(y, "    says: {}", scalar(&says));
            if self.rng.chance(80)
                && let Some(a) = self.anchor(&mut used, big)
            {
                let _ = writeln!(y, "    quote: {}", scalar(&a.quote));
                if let Some(p) = a.para {
                    let _ = writeln!(y, "    para: p{}", p + 1);
                }
            }
            let _ = writeln!(y, "    stance: {}", self.rng.pick(STANCES));
            let on = self.rng.some(n_claims, 1, 4);
            let _ = writeln!(
                y,
                "    on: [{}]",
                on.iter()
                    .map(|c| format!("c{}", c + 1))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }

        y.push_str("\ncaveats:\n");
        for k in 0..n_caveats {
            let _ = writeln!(y, "  - id: k{}", k + 1);
            let text = *self.rng.pick::<&str>(CAVEAT_TEXTS);
            let _ = writeln!(y, "    text: {}", scalar(text));
            if self.rng.chance(60)
                && let Some(a) = self.anchor(&mut used, big)
            {
                let _ = writeln!(y, "    quote: {}", scalar(&a.quote));
                if let Some(p) = a.para {
                    let _ = writeln!(y, "    para: p{}", p + 1);
                }
            }
            let applies = self.rng.some(n_claims, 1, 3);
            let _ = writeln!(
                y,
                "    applies_to: [{}]",
                applies
                    .iter()
                    .map(|c| format!("c{}", c + 1))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if self.rng.chance(50) {
                let _ = writeln!(y, "    raised_by: e{}", 1 + self.rng.below(experts.len()));
            }
        }
        y
    }
}

/// How often `needle` occurs in `hay`, overlapping occurrences included (as
/// the anchor resolver counts), stopping at `max`.
fn occurrences(hay: &str, needle: &str, max: usize) -> usize {
    let mut count = 0;
    let mut from = 0;
    while count < max {
        match hay[from..].find(needle) {
            Some(at) => {
                count += 1;
                from += at + 1;
                while !hay.is_char_boundary(from) {
                    from += 1;
                }
            }
            None => break,
        }
    }
    count
}

/// A one-line YAML value: plain when that reads back as the same text,
/// double-quoted otherwise.
pub fn scalar(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || " .,'()/-;".contains(c))
        && !matches!(
            s,
            "true" | "false" | "True" | "False" | "TRUE" | "FALSE" | "null" | "Null" | "NULL"
        )
        && !s.ends_with(' ');
    if plain {
        return s.to_owned();
    }
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn flow_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| {
            if s.contains(',') {
                format!("\"{s}\"")
            } else {
                scalar(s)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text as the lines of a block scalar, wrapped near 76 columns.
fn block(y: &mut String, text: &str, indent: usize) {
    let mut col = 0;
    for word in text.split(' ') {
        if col > 0 && col + 1 + word.len() > 76 {
            y.push('\n');
            col = 0;
        }
        if col == 0 {
            y.extend(std::iter::repeat_n(' ', indent));
            col = indent;
        } else {
            y.push(' ');
            col += 1;
        }
        y.push_str(word);
        col += word.len();
    }
    y.push('\n');
}

/// Writes briefings `0..n` under `out` (in folders by year), on every core.
/// Returns the bytes written.
pub fn write_library(out: &Path, n: usize, seed: u64) -> std::io::Result<u64> {
    let generator = Generator::new(seed);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for year in 2015..=2025 {
        std::fs::create_dir_all(out.join(year.to_string()))?;
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let generator = &generator;
                scope.spawn(move || -> std::io::Result<u64> {
                    let mut bytes = 0;
                    for i in (t..n).step_by(threads) {
                        let (name, text) = generator.briefing(i);
                        std::fs::write(out.join(name), &text)?;
                        bytes += text.len() as u64;
                    }
                    Ok(bytes)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("generator thread"))
            .sum::<std::io::Result<u64>>()
    })
}

/// Writes one briefing with an article of at least `article_bytes` bytes
/// into `out`, and returns its path.
pub fn write_big(out: &Path, article_bytes: usize, seed: u64) -> std::io::Result<PathBuf> {
    let (name, text) = Generator::new(seed).big_briefing(0, article_bytes);
    let path = out.join(name.file_name().unwrap_or_default());
    std::fs::create_dir_all(out)?;
    std::fs::write(&path, text)?;
    Ok(path)
}
