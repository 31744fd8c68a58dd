"""Generate a realistic corpus of coaching stories for benchmarks.

Stories are 600-900 words, in the casebook format, built from invented sentences and names
(nothing from the dev set). About a third leak: a client's name, an employer, an email, a
phone number, a city or a specific date slips into the body, as happens in real drafts.
Deterministic for a given seed.
"""
from __future__ import annotations

import random
from pathlib import Path

ROLES = ["Director, operations", "Senior leader, finance", "Managing Director, services",
         "Manager, customer support", "Executive, product", "Founder, software start-up",
         "Senior manager, human resources", "Director, research and policy"]
SECTORS = ["Public sector", "Financial services", "Healthcare", "Education", "Technology",
           "Manufacturing", "Retail", "Professional services", "Charity and non-profit"]
THEMES = ["leadership", "delegation", "360 feedback", "influence", "stakeholder management",
          "promotion", "coaching culture", "feedback", "self-awareness", "performance",
          "trust", "executive presence"]
DURATIONS = ["3 months", "6 months", "9 months", "12 months", "18 months"]
PSEUDONYMS = ["Alex", "Sam", "Jordan", "Robin", "Morgan", "Casey", "Taylor", "Jamie"]
# Invented leak material for the leaky share of the corpus.
LEAK_NAMES = ["Tomasz Wierzbicki", "Aoife Brennan", "Kwame Mensah", "Ingrid Solberg",
              "Ravi Chandran", "Lucía Ferrer", "Hamish Dunbar", "Yuki Tanaka"]
LEAK_ORGS = ["Brightwater Logistics Ltd", "Northgate Health Trust", "Calder Valley Council",
             "Pemberton Capital Partners", "Halden University"]
LEAK_PLACES = ["Leeds", "Rotterdam", "Glasgow", "Lyon", "Bristol", "Denver"]
LEAK_DATES = ["March 2021", "14 June 2022", "autumn 2019", "Q3 2020"]

SENTENCES = [
    "{p} arrived at our first session with a clear sense of what was not working.",
    "The feedback from the 360° survey was strong, but it also showed a pattern {p} had not noticed.",
    "We spent the early sessions on what a good week would look like, hour by hour.",
    "Delegating felt like losing control, so we started with one small decision a week.",
    "Each month we reviewed what had changed and what had stayed stubbornly the same.",
    "{p} began asking colleagues what they needed before offering a solution.",
    "The team noticed the difference before {p} did.",
    "Stakeholder meetings became shorter and ended with clearer decisions.",
    "We used the GROW model to structure the harder conversations.",
    "There were setbacks: a reorganisation took away two of the people {p} relied on.",
    "By the middle of our work, the question had shifted from how to do more to what to stop.",
    "{p} wrote a one-page vision for the function and shared it with the leadership team.",
    "Peers started bringing problems to {p} early rather than late.",
    "The board asked for a quarterly update, and {p} chose to present it with the team.",
    "We talked openly about confidence and the voice that says you are not ready.",
    "Small experiments worked better than grand plans.",
    "Listening, it turned out, was the skill that unlocked the others.",
    "{p} stopped rewriting other people's reports and started coaching them instead.",
    "The KPIs that mattered were fewer than the dashboard suggested.",
    "Our final session was a look back at how far the goals had moved.",
    "I asked what {p} would tell someone starting the same journey.",
    "The answer was simple: ask for help sooner, and mean it.",
    "A follow-up survey six months later showed the change had lasted.",
    "Not every experiment worked, and that was part of the learning.",
]
LEAKS = [
    "I later learned that {name} had been the first to suggest coaching.",
    "The offsite at {org} was where the turning point came.",
    "You can reach the team at {email} or on {phone}.",
    "The move to the {place} office changed everything.",
    "It was {date} when the promotion was confirmed.",
]


def _paragraphs(rng: random.Random, pseudonym: str, words: int, leaks: list[str]) -> str:
    out, count, para = [], 0, []
    while count < words:
        sentence = rng.choice(SENTENCES).format(p=pseudonym)
        para.append(sentence)
        count += len(sentence.split())
        if len(para) >= rng.randint(3, 6):
            out.append(" ".join(para))
            para = []
            if rng.random() < 0.3:
                out.append(f"## {rng.choice(['What changed', 'The turning point', 'Looking back', 'Next steps'])}")
    if para:
        out.append(" ".join(para))
    for leak in leaks:
        out.insert(rng.randint(0, len(out)), leak)
    return "\n\n".join(out) + "\n"


def story(i: int, rng: random.Random) -> tuple[str, str, bool]:
    """(slug, text, leaks?) for story number i."""
    pseudonym = rng.choice(PSEUDONYMS)
    leaky = rng.random() < 0.33
    leaks = []
    if leaky:
        name = rng.choice(LEAK_NAMES)
        first = name.split()[0].lower()
        org = rng.choice(LEAK_ORGS)
        leaks = [rng.choice(LEAKS).format(
            name=name, org=org, email=f"{first}@example-firm.co.uk",
            phone=f"+44 20 7946 {rng.randint(1000, 9999)}", place=rng.choice(LEAK_PLACES),
            date=rng.choice(LEAK_DATES))]
    themes = rng.sample(THEMES, 3)
    role, sector = rng.choice(ROLES), rng.choice(SECTORS)
    body = _paragraphs(rng, pseudonym, rng.randint(600, 900), leaks)
    slug = f"story-{i:05d}"
    # Zero-padded numbers: "Story 2000" would read as a year to the date detector.
    text = (f'---\ntitle: "Story {i:05d}: {themes[0]} and {themes[1]}"\nkind: client-story\n'
            f'summary: "A {role.split(",")[0].lower()} worked on {themes[0]} and {themes[1]}."\n'
            f'role: "{role}"\nsector: "{sector}"\n'
            f'goal:\n  before: "Working alone"\n  after: "Lead through a team"\n'
            f'outcomes:\n  - "Took on a wider role within a year"\n'
            f'themes: [{", ".join(themes)}]\nduration: "{rng.choice(DURATIONS)}"\n'
            f"consent: written\npseudonyms: [{pseudonym}]\n"
            f"date: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n---\n\n{body}")
    return slug, text, leaky


def write(folder: Path, n: int, seed: int = 7) -> dict[str, int]:
    """Write n stories into folder; returns counts of leaky and clean stories and words."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    stats = {"stories": n, "leaky": 0, "words": 0}
    for i in range(n):
        slug, text, leaky = story(i, rng)
        (folder / f"{slug}.md").write_text(text, encoding="utf-8")
        stats["leaky"] += leaky
        stats["words"] += len(text.split())
    return stats
