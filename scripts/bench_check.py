#!/usr/bin/env python3
"""Benchmark the anonymisation checker, and Microsoft Presidio beside it when installed.

    .venv/bin/python scripts/bench_check.py [--stories 1000] [--presidio-stories 100]
                                            [--set ../shared/eval/devset --set ...]

1. Generates a corpus of realistic stories (600-900 words, about half with leaks) from this
   script's own templates and invented names: nothing from the dev set.
2. Checks it with casebook in a fresh process (one core, then two with `check_many`) and
   prints words/s and that process's peak memory (ru_maxrss). Start-up (loading spaCy and the
   gazetteers) is timed separately from checking.
3. If presidio-analyzer is installed (`pip install -e '.[bench]'`), runs Presidio's
   AnalyzerEngine with the same spaCy model in a fresh process over the first N stories
   (default 100: Presidio runs the full spaCy pipeline over every word, so the whole corpus
   would take minutes; words/s is a rate either way) and prints the same figures.
4. For each labelled set there (`--set`, repeatable; default the dev set and realdev), prints
   both tools' direct recall, quasi recall, precision and false alarms, scored by
   ../shared/eval/score.py.

No figure here is asserted; this script measures.
"""
from __future__ import annotations

import argparse
import importlib.util
import multiprocessing as mp
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# ----------------------------------------------------------------------------- corpus
FIRST = ("Aurelia Bertil Cosmin Delphine Eskil Faustine Gideon Hallvard Ilse Jovana Kasimir "
         "Leontine Mireille Nikolai Ottilie Perpetua Quillon Rosamund Severin Thaddeus Ulrike "
         "Valentin Wilhelmina Xanthe Yevgenia Zephyrine Anselm Brunhilde Cassius Dorothea").split()
SURNAME = ("Achterberg Bellweather Castellanos Dunstable Eriksdottir Falkenrath Grimsditch "
           "Haverbrook Ingleby Jaroszewski Kettleborough Lindqvist Mauleverer Nethercott "
           "Oyelaran Pemberton-Hale Quarrington Rathbone Stavridis Thistlewood").split()
FIRM_HEAD = ("Corvanta Millbrae Oskaline Trevenna Halloran Veritane Brisbow Ostrander Kelmscott "
             "Farrowdale Quenby Ravensworth Stellark Tamberlin Wexcombe").split()
FIRM_TAIL = "Partners Group Bank Holdings Ltd Analytics Consulting Institute Trust plc".split()
CITY = ("Leeds Bristol Glasgow Cardiff Rotterdam Lyon Toronto Melbourne Edinburgh Sheffield "
        "Nottingham Antwerp Gothenburg Porto Valencia Denver").split()
ROLES = ["Managing Director", "Head of Operations", "Chief Financial Officer",
         "Director of People", "Regional Sales Director", "Head of Product"]
CLEAN_SENTENCES = [
    "We began, as I usually do, with a 360° survey and a long conversation about what the "
    "feedback meant to her.",
    "The {role} wanted the team to take more ownership of decisions without losing pace.",
    "Over 12 months we met every three weeks, mostly by video and twice in person.",
    "Last year the Executive Team had agreed a new strategy, but nobody owned its delivery.",
    "We used the GROW model to turn a vague wish into a goal she could test by the end of "
    "the quarter.",
    "Her KPIs were sound; what was missing was a shared story about why they mattered.",
    "Delegating felt risky at first. Letting go of detail felt riskier still.",
    "The Board asked for a clearer plan, and the Chair offered to sponsor the work.",
    "By the spring she was chairing the weekly operations meeting herself.",
    "Every Monday she wrote down three decisions she would not make that week.",
    "The DiSC profiles gave the team a shared language for their differences.",
    "Her line manager noticed the change before she did.",
    "A global bank and a national retailer had both tried to recruit her that year.",
    "We talked about what good looked like, and who else could judge it.",
    "The hardest conversation was with a peer who had applied for the same role.",
    "She rehearsed it twice, once as herself and once as the colleague.",
    "In our final session we looked back over the year and the goals she had set.",
    "The Family Council and the Non-Executive Director agreed the plan in principle.",
    "Most of the fears could be tested with a conversation, so we planned the conversations.",
    "Her team grew from four to eleven people without anyone burning out.",
    "She now mentors two colleagues returning from leave.",
    "Feedback from the follow-up survey was warmer and more specific.",
    "He admitted that he had never been asked what he wanted from his career.",
    "Before Christmas the team agreed four working principles and wrote them on the wall.",
    "The RAPID framework made clear who recommends, who agrees and who decides.",
]
LEAK_SENTENCES = [
    "When {first} and I first met, {pron} was running the {city} office of {firm}.",
    "{first} {surname} had been {role} at {firm} for exactly six weeks.",
    "We started in {month} {year}, just after the restructure.",
    "{first}'s manager, {first2} {surname2}, was sceptical at first.",
    "Her slides are still online at {domain}/team/{lower}.",
    "You can reach {lower} at {lower}@{domain} or on 07700 900{n3}.",
    "{pron_cap} was the first woman to chair the risk committee in its history.",
    "The kick-off was on {day} {month} in a hotel near {city} station.",
    "Her staff number, {n6}, was still on the badge she showed me.",
    "She posts about leadership as @{lower}.{lower2} most weekends.",
    "By Q{q} {year} {first} had moved to {firm2} as {role}.",
]
MONTHS = "January February March April June July September October November".split()


def make_story(i: int, rng: random.Random) -> tuple[str, bool]:
    leaky = i % 2 == 0
    target = rng.randint(600, 900)
    first, first2 = rng.sample(FIRST, 2)
    surname, surname2 = rng.sample(SURNAME, 2)
    firm = f"{rng.choice(FIRM_HEAD)} {rng.choice(FIRM_TAIL)}"
    firm2 = f"{rng.choice(FIRM_HEAD)} {rng.choice(FIRM_TAIL)}"
    values = dict(first=first, first2=first2, surname=surname, surname2=surname2, firm=firm,
                  firm2=firm2, city=rng.choice(CITY), role=rng.choice(ROLES),
                  month=rng.choice(MONTHS), year=rng.randint(2015, 2024),
                  day=rng.randint(1, 28), q=rng.randint(1, 4), pron="she", pron_cap="She",
                  lower=first.lower(), lower2=surname.lower().replace("-", ""),
                  domain=firm.split()[0].lower() + ".com", n3=f"{rng.randint(0, 999):03d}",
                  n6=f"{rng.randint(100000, 999999)}")
    name = "Alex"
    paras, words = [], 0
    while words < target:
        sents = []
        for _ in range(rng.randint(3, 6)):
            pool = LEAK_SENTENCES if leaky and rng.random() < 0.18 else CLEAN_SENTENCES
            sents.append(rng.choice(pool).format(**values))
        p = " ".join(sents)
        if rng.random() < 0.15:
            p = f"## {rng.choice(['Starting out', 'The turning point', 'What changed', 'Afterwards'])}\n\n" + p
        paras.append(p)
        words += len(p.split())
    front = (f"---\ntitle: \"Story {i}: learning to lead\"\nkind: client-story\n"
             f"summary: \"A {values['role'].lower()} learned to lead through others.\"\n"
             f"role: \"{values['role']}\"\nsector: \"Financial services\"\n"
             "goal:\n  before: \"Do everything myself\"\n  after: \"Lead through others\"\n"
             "outcomes:\n  - \"Promoted within 12 months\"\nthemes: [leadership, delegation]\n"
             f"duration: \"12 months\"\nconsent: written\npseudonyms: [{name}]\n"
             "date: 2025-01-15\n---\n\n")
    return front + "\n\n".join(paras) + "\n", leaky


def write_corpus(n: int, folder: Path, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        text, _ = make_story(i, rng)
        p = folder / f"story-{i:04d}.md"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


# ----------------------------------------------------------------------------- engines
def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _set_files(folder: str) -> list[Path]:
    return [p for p in sorted(Path(folder).glob("*.md")) if p.name != "README.md"]


def run_casebook(paths: list[str], sets: list[str], q) -> None:
    t0 = time.perf_counter()
    from casebook.checker import CheckConfig, ResultCache, check_story, clear_cache
    from casebook.checker.batch import check_many
    from casebook.checker import gazetteers, nlp
    from casebook.story import load
    gazetteers.first_names(), gazetteers.cities(), gazetteers.english_words(), nlp.model()
    startup = time.perf_counter() - t0
    stories = [load(p) for p in paths]
    words = sum(len(s.text.split()) for s in stories)
    t1, c1 = time.perf_counter(), time.process_time()
    n_findings = sum(len(check_story(s)) for s in stories)
    one, cpu = time.perf_counter() - t1, time.process_time() - c1
    t2 = time.perf_counter()
    cached = sum(len(check_story(s)) for s in stories)
    recheck = time.perf_counter() - t2
    clear_cache()
    t3 = time.perf_counter()
    check_many([load(p) for p in paths], CheckConfig(), ResultCache(), jobs=2)
    two = time.perf_counter() - t3
    out = {"tool": "casebook", "stories": len(paths), "words": words, "startup_s": startup,
           "check_s": one, "words_per_s": words / one, "cpu_s": cpu,
           "words_per_cpu_s": words / cpu, "two_core_s": two,
           "two_core_words_per_s": words / two, "recheck_s": recheck,
           "findings": n_findings, "cached_findings": cached, "peak_mb": _peak_mb()}
    out["sets"] = {}
    for folder in sets:
        found = [load(p) for p in _set_files(folder)]
        out["sets"][folder] = [{"path": s.path, "start": f.start, "end": f.end}
                               for s in found for f in check_story(s)]
    q.put(out)


def run_presidio(paths: list[str], sets: list[str], q) -> None:
    t0 = time.perf_counter()
    import tldextract   # Presidio's email recognizer: use the bundled suffix list, no network
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from casebook.checker.nlp import MODELS
    model_name = next(m for m in MODELS if importlib.util.find_spec(m))
    conf = {"nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": model_name}]}
    engine = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=conf).create_engine(),
                            supported_languages=["en"])
    startup = time.perf_counter() - t0
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    words = sum(len(t.split()) for t in texts)
    t1, c1 = time.perf_counter(), time.process_time()
    n = sum(len(engine.analyze(text=t, language="en")) for t in texts)
    dt, cpu = time.perf_counter() - t1, time.process_time() - c1
    out = {"tool": "presidio", "model": model_name, "stories": len(paths), "words": words,
           "startup_s": startup, "check_s": dt, "words_per_s": words / dt, "cpu_s": cpu,
           "words_per_cpu_s": words / cpu, "findings": n,
           "peak_mb": _peak_mb()}
    out["sets"] = {}
    for folder in sets:
        out["sets"][folder] = [
            {"path": str(p), "start": r.start, "end": r.end} for p in _set_files(folder)
            for r in engine.analyze(text=p.read_text(encoding="utf-8"), language="en")]
    q.put(out)


def _burn(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s


def parallel_control(n: int = 10_000_000) -> float:
    """Speed-up of pure-Python work on 2 processes here: what '2 cores' can give at best."""
    from concurrent.futures import ProcessPoolExecutor
    t = time.perf_counter()
    _burn(n), _burn(n)
    serial = time.perf_counter() - t
    t = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=mp.get_context("fork")) as ex:
        list(ex.map(_burn, [n, n]))
    return serial / (time.perf_counter() - t)


def in_child(target, *args) -> dict:
    ctx = mp.get_context("spawn")     # a fresh process: peak memory is that tool's own
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    result = q.get()
    p.join()
    return result


def dev_score(devset: str, findings: list[dict]) -> dict:
    spec = importlib.util.spec_from_file_location("score", Path(devset).parent / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    stories = score.load_set(Path(devset))
    for s in stories:
        s["_starts"] = score.line_starts(s["text"])
    import contextlib
    import io
    with contextlib.redirect_stdout(io.StringIO()):
        t = score.score(stories, findings, verbose=False)
    flagged = t["true"] + t["false"]
    return {"direct": score.ratio(t["direct"]), "quasi": score.ratio(t["quasi"]),
            "precision": t["true"] / flagged if flagged else 1.0,
            "false_per_clean": t["clean_false"] / t["clean_files"] if t["clean_files"] else 0}


def _score_module(setdir: str):
    spec = importlib.util.spec_from_file_location("score", Path(setdir).parent / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score


def per_category(setdir: str) -> str:
    """Casebook on one labelled set, per category: leaks caught (recall) and false alarms
    (findings of that category overlapping no leak and no neutral text), as a Markdown row
    set. The leak's category counts, not the finding's: a leak is caught by any finding."""
    from casebook.checker import check_story
    from casebook.checker.finding import CATEGORIES
    from casebook.story import load
    score = _score_module(setdir)
    stories = score.load_set(Path(setdir))
    caught = {c: [0, 0] for c in CATEGORIES}
    false = {c: 0 for c in CATEGORIES}
    for s in stories:
        found = check_story(load(s["path"]))
        for start, end, cat, _ in s["leaks"]:
            caught[cat][1] += 1
            caught[cat][0] += any(f.start < end and start < f.end for f in found)
        for f in found:
            if not any(f.start < b and a < f.end for a, b, _, _ in s["leaks"]) and \
                    not any(f.start < b and a < f.end for a, b in s["neutral"]):
                false[f.category] += 1
    rows = []
    for c in CATEGORIES:
        n = caught[c][1]
        recall = f"{caught[c][0] / n:.3f} ({caught[c][0]}/{n})" if n else "— (0)"
        rows.append(f"| {c} | {recall} | {false[c]} |")
    return "\n".join(rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stories", type=int, default=1000)
    ap.add_argument("--presidio-stories", type=int, default=100)
    ap.add_argument("--set", action="append", dest="sets", metavar="DIR",
                    help="a labelled set to score both tools on (repeatable; default: "
                    "../shared/eval/devset and ../shared/eval/realdev)")
    ap.add_argument("--keep", metavar="DIR", help="write the corpus here and keep it")
    ap.add_argument("--categories", action="store_true",
                    help="only print casebook's recall and false alarms per category on "
                    "each labelled set (Markdown), then exit")
    args = ap.parse_args()
    evals = ROOT.parent / "shared" / "eval"
    sets = [s for s in (args.sets or [str(evals / "devset"), str(evals / "realdev")])
            if Path(s, "README.md").exists()]
    if args.categories:
        for labelled in sets:
            print(f"{Path(labelled).name}\n\n| category | recall (caught/leaks) | false "
                  f"alarms |\n|---|---|---|\n{per_category(labelled)}\n")
        return 0
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="casebook-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = [str(p) for p in write_corpus(args.stories, folder)]
    print(f"corpus: {len(paths)} stories in {folder}")

    control = parallel_control()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; pure-Python "
          f"work runs {control:.2f}x faster on 2 processes than on 1 (the ceiling for "
          f"'2 cores' below)")
    cb = in_child(run_casebook, paths, sets)
    print(f"casebook: {cb['words']:,} words · start-up {cb['startup_s']:.1f} s · "
          f"check {cb['check_s']:.2f} s = {cb['words_per_s']:,.0f} words/s on one core "
          f"({cb['words_per_cpu_s']:,.0f} words per CPU second) · "
          f"2 cores {cb['two_core_s']:.2f} s = {cb['two_core_words_per_s']:,.0f} words/s · "
          f"re-check (cached) {cb['recheck_s'] * 1000:.0f} ms · {cb['findings']} findings · "
          f"peak {cb['peak_mb']:.0f} MB")
    pr = None
    if importlib.util.find_spec("presidio_analyzer"):
        pr = in_child(run_presidio, paths[:args.presidio_stories], sets)
        print(f"presidio ({pr['model']}): {pr['words']:,} words ({pr['stories']} stories) · "
              f"start-up {pr['startup_s']:.1f} s · check {pr['check_s']:.2f} s = "
              f"{pr['words_per_s']:,.0f} words/s on one core ({pr['words_per_cpu_s']:,.0f} words "
              f"per CPU second) · {pr['findings']} findings · "
              f"peak {pr['peak_mb']:.0f} MB")
        print(f"speed ratio casebook/presidio (one core): "
              f"{cb['words_per_s'] / pr['words_per_s']:.1f}x wall-clock, "
              f"{cb['words_per_cpu_s'] / pr['words_per_cpu_s']:.1f}x per CPU second (the "
              f"fairer figure when other processes share the cores)")
    else:
        print("presidio: not installed (pip install -e '.[bench]' to compare)")
    for labelled in sets:
        for name, r in (("casebook", cb), ("presidio", pr)):
            if r:
                s = dev_score(labelled, r["sets"][labelled])
                print(f"{Path(labelled).name} {name}: direct recall {s['direct']:.3f} · quasi recall "
                      f"{s['quasi']:.3f} · precision {s['precision']:.3f} · "
                      f"{s['false_per_clean']:.2f} false alarms per clean story")
    if not args.keep:
        for p in paths:
            os.unlink(p)
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
