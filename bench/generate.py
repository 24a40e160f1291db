"""Build a benchmark database of the documentation core, fast.

    .venv/bin/python bench/generate.py --incidents 200000 --persons 1000000
    .venv/bin/python bench/generate.py --incidents 200000 --persons 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/sijill_bench
    .venv/bin/python bench/generate.py --incidents 200000 --persons 1000000 --victims 1000000

Writes into its own SIJILL_HOME (bench/results/home by default; SQLite file there) or into a
PostgreSQL database whose name starts with `sijill_bench`, dropped and recreated. Migrates,
loads the packaged gazetteer, then streams incidents (bilingual text over 2011-2025 and the 5,251
Syrian communities), acts, perpetration claims by the seeded actors, victims and sources in
batches: `executemany` on SQLite, COPY on PostgreSQL, one transaction per batch, the full-text
index dropped during the load and rebuilt after. Never the per-record services: they write one
audit event per record.

`search_text` is computed with `sijill.text.normalise.search_text` over the same parts in the
same order as `incidents.services.incident_search_text` (victims only when no more protected than
the incident, as that function does); a sample is checked against that service function at the
end, and the run fails if any token differs.

Victims: by default every victim link is a new person, up to 60% of `--persons` (about 2.7 links
per incident). `--victims N` writes exactly N links instead: each act's drawn count is scaled so
the links spread over all incidents, and a share of the links (REPEAT_SHARE, and every link once
the persons run out) names a person already a victim in another incident, as a person detained
and later killed is, so that distinct counts of individuals differ from counts of links.
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import vocabulary as V  # noqa: E402
from bench.environment import (  # noqa: E402
    DEFAULT_HOME,
    check_bench_url,
    configure,
    recreate_postgres_database,
)

BATCH = 5_000  # incidents per transaction
PERSON_BATCH = 50_000
BENCH_USERNAME = "bench-analyst"
SEARCH_TABLES = ("incidents_incident", "people_person")
REPEAT_SHARE = 0.05  # with --victims: links that name a person already a victim elsewhere
REPEAT_POOL = 100_000  # earlier victims such a link picks from (a random sample of them)
# Mean victim links per incident of the default draw: 0.95 acts (see incident_batch) times 2.825
# victims per act (_victim_count); --victims scales each act's count by target / this.
DEFAULT_LINKS_PER_INCIDENT = 0.95 * 2.825


class Loader:
    """Write rows of one table: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, connection):
        connection.ensure_connection()
        self.vendor = connection.vendor
        self.raw = connection.connection

    def write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        cols = ", ".join(f'"{c}"' for c in columns)
        if self.vendor == "sqlite":
            marks = ", ".join("?" for _ in columns)
            self.raw.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)
        else:
            with self.raw.cursor() as cur, cur.copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)


class Names:
    """search_tokens of strings that repeat (place names, actor names, person names), cached."""

    def __init__(self):
        from sijill.text.normalise import search_tokens

        self._search_tokens = search_tokens
        self._cache: dict[str, list[str]] = {}

    def tokens(self, text: str) -> list[str]:
        found = self._cache.get(text)
        if found is None:
            found = self._search_tokens(text)
            if len(self._cache) < 2_000_000:
                self._cache[text] = found
        return found


def joined(token_lists) -> str:
    """The same string `search_text(*parts)` returns, given search_tokens of each part in order."""
    out: dict[str, None] = {}
    for toks in token_lists:
        for t in toks:
            out.setdefault(t, None)
    return " ".join(out)


class Generator:
    def __init__(self, *, incidents: int, persons: int, seed: int, victims: int | None = None):
        from django.db import connection
        from django.utils import timezone

        from sijill.actors.models import Actor
        from sijill.places.models import Place
        from sijill.vocabularies.models import Term

        self.n_incidents = incidents
        self.n_persons = persons
        self.n_victims = victims  # None: the default draw (see the module docstring)
        self.victims_left = victims or 0
        self.repeat_pool: list[tuple] = []  # (person id, confidentiality, deleted, tokens, is_child)
        self.rng = random.Random(seed)
        self.loader = Loader(connection)
        self.names = Names()
        self.connection = connection
        now = timezone.now()
        self.now = connection.ops.adapt_datetimefield_value(now) if connection.vendor == "sqlite" else now.isoformat()
        self.counts = {"incidents": 0, "acts": 0, "victims": 0, "claims": 0, "persons": 0, "sources": 0,
                       "incident_sources": 0, "claim_sources": 0, "rare_victims": 0,
                       "repeat_victims": 0}

        terms: dict[tuple[str, str], int] = {(t.kind, t.code): t.pk for t in Term.objects.all()}
        self.term = terms
        self.statuses = [terms[("verification_status", c)] for c in ("received", "under-review", "verified", "rejected")]
        self.status_weights = [25, 25, 45, 5]
        self.gradings = [None] + [terms[("grading", c)] for c in ("confirmed", "fair", "weak", "contested", "discounted")]
        self.grading_weights = [20, 30, 25, 15, 7, 3]
        self.source_types = [pk for (kind, _), pk in terms.items() if kind == "source_type"]
        self.reliability = [pk for (kind, _), pk in terms.items() if kind == "reliability"]
        self.credibility = [pk for (kind, _), pk in terms.items() if kind == "credibility"]

        places = list(Place.objects.filter(country="SY").values(
            "id", "pcode", "level", "name_en", "name_ar", "alt_names", "path", "latitude", "longitude"))
        self.places_by_pcode = {p["pcode"]: p for p in places}
        self.communities = [p for p in places if p["level"] == 4]
        if not self.communities:
            raise SystemExit("no Syrian communities in the gazetteer; did gazetteer_load() run?")
        # A few places see most incidents: weights fall with rank over a fixed shuffle.
        order = list(range(len(self.communities)))
        self.rng.shuffle(order)
        weights = [0.0] * len(order)
        for rank, i in enumerate(order, start=1):
            weights[i] = 1.0 / rank**0.8
        self.community_cum = _cumulative(weights)
        for p in self.communities:
            gov = self.places_by_pcode.get(p["path"].split("/")[1])
            p["gov_en"], p["gov_ar"] = (gov["name_en"], gov["name_ar"]) if gov else ("", "")
            p["tokens"] = [self.names.tokens(n) for n in (p["name_en"], p["name_ar"], *p["alt_names"])]

        actors = list(Actor.objects.filter(deleted_at__isnull=True).values("id", "slug", "name_en", "name_ar"))
        self.actors = actors
        self.actor_cum = _cumulative([V.ACTOR_WEIGHTS.get(a["slug"], 1) for a in actors])
        for a in actors:
            a["tokens"] = [self.names.tokens(a["name_en"]), self.names.tokens(a["name_ar"])]

        years = sorted(V.YEAR_WEIGHTS)
        self.years, self.year_cum = years, _cumulative([V.YEAR_WEIGHTS[y] for y in years])
        self.attack_cum = _cumulative(V.ATTACK_WEIGHTS)

        n_rare = max(V.MIN_RARE, round(incidents / V.RARE_PER_INCIDENTS))
        # Rare victims go to incidents that everyone with clearance 2 can see (picked below).
        self.rare_incidents = set(self.rng.sample(range(1, incidents + 1), min(n_rare, incidents)))
        self.n_sources = max(10, incidents // 4)

        self.next_act = self.next_victim = self.next_claim = self.next_person = 1
        self.next_incident_source = self.next_claim_source = 1

    # -- small random helpers ------------------------------------------------------------------

    def pick(self, cum: list[float]) -> int:
        from bisect import bisect_right

        return min(bisect_right(cum, self.rng.random() * cum[-1]), len(cum) - 1)

    def confidentiality(self) -> int:
        return self.rng.choices((0, 1, 2, 3), V.CONFIDENTIALITY_WEIGHTS)[0]

    def period(self) -> tuple[date, date, str]:
        year = self.years[self.pick(self.year_cum)]
        first = date(2011, 3, 15) if year == 2011 else date(year, 1, 1)
        day = first + timedelta(days=self.rng.randrange((date(year, 12, 31) - first).days + 1))
        r = self.rng.random()
        if r < 0.85:
            return day, day, "day"
        if r < 0.95:
            start = day.replace(day=1)
            return start, start.replace(day=calendar.monthrange(year, day.month)[1]), "month"
        if r < 0.98:
            return day, day + timedelta(days=self.rng.randint(1, 20)), "range"
        return first, date(year, 12, 31), "year"

    def person_name(self, *, female: bool, family=None) -> tuple[str, str]:
        given = self.rng.choice(V.FEMALE_GIVEN if female else V.MALE_GIVEN)
        father = self.rng.choice(V.MALE_GIVEN)
        fam_ar, fam_lat = family or self.rng.choice(V.FAMILY)
        fam_lat = fam_lat if isinstance(fam_lat, str) else self.rng.choice(fam_lat)
        name_ar = f"{given[0]} {father[0]} {fam_ar}"
        name_latin = f"{self.rng.choice(given[1])} {self.rng.choice(father[1])} {fam_lat}"
        return name_ar, name_latin

    # -- tables ----------------------------------------------------------------------------------

    PERSON_COLUMNS = ["id", "created_at", "updated_at", "deleted_at", "lock_version", "name_ar", "name_latin",
                      "sex", "age", "birth_year", "is_child", "status", "origin_id", "notes",
                      "confidentiality", "search_text"]

    def person_row(self, *, victim_of_year: int | None = None, family=None, public: bool = False):
        """One person row and its search tokens (Arabic name, Latin name, as the service does)."""
        rng = self.rng
        pid = self.next_person
        self.next_person += 1
        female = rng.random() < 0.3
        name_ar, name_latin = self.person_name(female=female, family=family)
        age = rng.choice((None, rng.randint(0, 17), rng.randint(18, 80), rng.randint(18, 80)))
        ref_year = victim_of_year or 2015
        birth_year = ref_year - age if age is not None else None
        origin = self.communities[self.pick(self.community_cum)]["id"] if rng.random() < 0.5 else None
        level = 1 if public else rng.choices((0, 1, 2, 3), (10, 60, 20, 10))[0]
        deleted = self.now if rng.random() < V.DELETED_SHARE and not public else None
        tokens = [self.names.tokens(name_ar), self.names.tokens(name_latin)]
        row = (pid, self.now, self.now, deleted, 1, name_ar, name_latin,
               "female" if female else "male", age, birth_year, age is not None and age < 18,
               rng.choice(("civilian", "civilian", "civilian", "combatant", "unknown")),
               origin, "", level, joined(tokens))
        return row, tokens

    def repeat_victim(self, in_act: set[int]) -> tuple | None:
        """With --victims: an earlier victim for this link (REPEAT_SHARE of links, and all once
        the persons run out), never one already linked to this act; None for a new person."""
        if not self.repeat_pool or (self.next_person <= self.n_persons and self.rng.random() >= REPEAT_SHARE):
            return None
        for _ in range(50):
            known = self.repeat_pool[self.rng.randrange(len(self.repeat_pool))]
            if known[0] not in in_act:
                self.counts["repeat_victims"] += 1
                return known
        if self.next_person <= self.n_persons:
            return None
        raise SystemExit("--victims: too few persons for this many victims in one act; raise --persons")

    def remember_victim(self, known: tuple) -> None:
        """Keep a uniform sample of the victims so far (reservoir) for repeat_victim."""
        seen = self.next_person - 1
        if len(self.repeat_pool) < REPEAT_POOL:
            self.repeat_pool.append(known)
        elif (j := self.rng.randrange(seen)) < REPEAT_POOL:
            self.repeat_pool[j] = known

    def sources(self) -> None:
        from django.db import transaction

        columns = ["id", "created_at", "updated_at", "lock_version", "title", "source_type_id",
                   "reliability_id", "credibility_id", "published_on", "language", "url", "archived_url",
                   "origin", "content", "confidentiality", "witness_name", "witness_contact",
                   "witness_name_index"]
        outlets = ["Syrian Network for Human Rights", "Violations Documentation Center", "Airwars",
                   "Syrian Observatory", "local coordination committee", "field researcher", "Enab Baladi"]
        rows = []
        for sid in range(1, self.n_sources + 1):
            start, _, _ = self.period()
            outlet = self.rng.choice(outlets)
            rows.append((sid, self.now, self.now, 1, f"{outlet} report {sid}", self.rng.choice(self.source_types),
                         self.rng.choice(self.reliability), self.rng.choice(self.credibility),
                         start.isoformat(), self.rng.choice(("ar", "en")), f"https://example.org/report/{sid}",
                         "", outlet, "", self.confidentiality(), "", "", ""))
        with transaction.atomic():
            self.loader.write("sources_source", columns, rows)
        self.counts["sources"] = len(rows)

    INCIDENT_COLUMNS = [
        "id", "created_at", "updated_at", "deleted_at", "lock_version",
        "title_en", "title_ar", "description_en", "description_ar",
        "start_date", "end_date", "date_precision", "place_id", "place_precision", "place_path",
        "location_note", "latitude", "longitude", "grading_id", "status_id", "confidentiality", "tags",
        "search_text", "killed_total_min", "killed_total_max", "killed_children_min", "killed_children_max",
        "injured_total_min", "injured_total_max",
    ]

    def incident_batch(self, first: int, last: int) -> dict[str, list[tuple]]:
        rng = self.rng
        out = {k: [] for k in ("persons", "incidents", "acts", "victims", "claims", "incident_sources", "claim_sources")}
        scaled = self.n_victims is not None
        victims_left = self.victims_left if scaled else max(0, int(self.n_persons * 0.6) - (self.next_person - 1))
        for iid in range(first, last + 1):
            place = self.communities[self.pick(self.community_cum)]
            start, end, precision = self.period()
            code, violation, attack_en, attack_ar = V.ATTACKS[self.pick(self.attack_cum)]
            target_en, target_ar = rng.choice(V.TARGETS)
            rare = iid in self.rare_incidents
            level = 1 if rare else self.confidentiality()
            deleted = self.now if (not rare and rng.random() < V.DELETED_SHARE) else None

            sources = [rng.randint(1, self.n_sources)] if rng.random() < 0.8 else []
            if sources and rng.random() < 0.25:
                sources.append(rng.randint(1, self.n_sources))
            sources = list(dict.fromkeys(sources))
            for sid in sources:
                out["incident_sources"].append((self.next_incident_source, iid, sid))
                self.next_incident_source += 1

            # acts, claims, victims
            r = rng.random()
            n_acts = 1 if rare else (0 if r < 0.3 else 1 if r < 0.8 else 2 if r < 0.95 else 3)
            last_incident = scaled and iid == self.n_incidents
            if scaled:
                n_acts = max(n_acts, last_incident)  # the last incident takes what is left
                scale = victims_left / ((self.n_incidents - iid + 1) * DEFAULT_LINKS_PER_INCIDENT)
            claim_tokens, victim_tokens, killed, children, injured = [], [], 0, 0, 0
            claims_in_order = []
            for a in range(n_acts):
                act_id = self.next_act
                self.next_act += 1
                a_code, a_violation = (code, violation) if a == 0 else V.ATTACKS[self.pick(self.attack_cum)][:2]
                out["acts"].append((act_id, iid, self.term[("violation_type", a_violation)],
                                    self.term[("weapon", a_code)], "", ""))
                for _claim in range(2 if rng.random() < 0.1 else 1):
                    actor = self.actors[self.pick(self.actor_cum)]
                    claim_id = self.next_claim
                    self.next_claim += 1
                    claims_in_order.append((act_id, claim_id, actor))
                    out["claims"].append((claim_id, act_id, actor["id"],
                                          rng.choice(("direct", "direct", "alleged", "ordered")),
                                          rng.choice(("high", "medium", "medium", "low")), ""))
                    if sources and rng.random() < 0.5:
                        out["claim_sources"].append((self.next_claim_source, claim_id, sources[0]))
                        self.next_claim_source += 1
                k = _victim_count(rng)
                if scaled:
                    k = victims_left if last_incident and a == n_acts - 1 else int(k * scale + rng.random())
                if rare and a == 0:
                    k = max(k, 1)
                detention = a_violation == "arbitrary-detention"
                in_act: set[int] = set()
                for v in range(k):
                    if victims_left <= 0 and not (rare and a == 0 and v == 0):
                        break
                    family = V.RARE_FAMILY if (rare and a == 0 and v == 0) else None
                    known = self.repeat_victim(in_act) if scaled and family is None else None
                    if known is None:
                        row, toks = self.person_row(victim_of_year=start.year, family=family, public=family is not None)
                        out["persons"].append(row)
                        known = (row[0], row[14], row[3] is not None, toks, row[10])
                        if scaled and family is None:
                            self.remember_victim(known)
                    person_id, person_level, person_deleted, toks, is_child = known
                    in_act.add(person_id)
                    victims_left -= 1
                    self.counts["rare_victims"] += family is not None
                    # As incident_search_text: only victims no more protected than the incident.
                    if person_level <= level and not person_deleted:
                        victim_tokens.append(toks)
                    outcome = rng.choice(("detained", "detained", "disappeared")) if detention else (
                        "killed" if rng.random() < 0.75 else "injured")
                    killed += outcome == "killed"
                    injured += outcome == "injured"
                    children += outcome == "killed" and is_child
                    out["victims"].append((self.next_victim, act_id, person_id, outcome))
                    self.next_victim += 1
            if scaled:
                self.victims_left = victims_left
            # claims sorted as PerpetrationClaim.Meta.ordering (act, id): already in that order
            for _act, _claim, actor in claims_in_order:
                claim_tokens.extend(actor["tokens"])
            if n_acts == 0:
                killed, children, injured = rng.randint(0, 12), 0, rng.randint(0, 20)
                children = rng.randint(0, killed)

            when = start.isoformat()
            title_en = f"{attack_en} on {target_en} in {place['name_en']}"
            title_ar = f"{attack_ar} على {target_ar} في {place['name_ar'] or place['name_en']}"
            desc_en = [f"{attack_en} hit a {target_en} in {place['name_en']}, {place['gov_en']} governorate, on {when}.",
                       f"{killed} people were killed, among them {children} children, and {injured} were injured."]
            desc_ar = [f"استهدف {attack_ar} {target_ar} في {place['name_ar'] or place['name_en']} بمحافظة "
                       f"{place['gov_ar']} بتاريخ {when}.",
                       f"قُتل {killed} أشخاص بينهم {children} أطفال، وأصيب {injured} آخرون."]
            if rng.random() < V.HOSPITAL_SHARE:
                en, ar = rng.choice(V.HOSPITAL_SENTENCES)
                desc_en.append(en.format(place=place["name_en"]))
                desc_ar.append(ar.format(place=place["name_ar"] or place["name_en"]))
            for _ in range(rng.randint(0, 2)):
                en, ar = rng.choice(V.OTHER_SENTENCES)
                desc_en.append(en)
                desc_ar.append(ar)
            description_en, description_ar = " ".join(desc_en), " ".join(desc_ar)
            tags = rng.sample(V.TAGS, rng.choice((0, 0, 1, 2)))
            location_note = ""

            tokens = [self.names.tokens(title_en), self.names.tokens(title_ar),
                      self.names.tokens(description_en), self.names.tokens(description_ar),
                      self.names.tokens(location_note), *place["tokens"], *claim_tokens]
            for vt in victim_tokens:
                tokens.extend(vt)
            tokens.extend(self.names.tokens(t) for t in tags)

            lat = place["latitude"] + rng.uniform(-0.01, 0.01) if place["latitude"] is not None else None
            lon = place["longitude"] + rng.uniform(-0.01, 0.01) if place["longitude"] is not None else None
            out["incidents"].append((
                iid, self.now, self.now, deleted, 1, title_en, title_ar, description_en, description_ar,
                start.isoformat(), end.isoformat(), precision, place["id"], "community", place["path"],
                location_note, lat, lon, self.gradings[self.pick(self.grading_cum)],
                self.statuses[self.pick(self.status_cum)], level, json.dumps(tags, ensure_ascii=False),
                joined(tokens), killed, killed + rng.choice((0, 0, 0, 1, 2)), children, children,
                injured, injured + rng.choice((0, 0, 1, 3)),
            ))
        return out

    def incidents(self) -> None:
        from django.db import transaction

        from sijill.incidents.models import Act, Incident, PerpetrationClaim

        self.status_cum = _cumulative(self.status_weights)
        self.grading_cum = _cumulative(self.grading_weights)
        inc_src = Incident.sources.through._meta.db_table
        claim_src = PerpetrationClaim.sources.through._meta.db_table
        assert Act._meta.db_table == "incidents_act"
        started = time.monotonic()
        for first in range(1, self.n_incidents + 1, BATCH):
            last = min(first + BATCH - 1, self.n_incidents)
            out = self.incident_batch(first, last)
            with transaction.atomic():
                self.loader.write("people_person", self.PERSON_COLUMNS, out["persons"])
                self.loader.write("incidents_incident", self.INCIDENT_COLUMNS, out["incidents"])
                self.loader.write("incidents_act", ["id", "incident_id", "violation_type_id", "method_id",
                                                    "legal_qualification", "description"], out["acts"])
                self.loader.write("incidents_victim", ["id", "act_id", "person_id", "outcome"], out["victims"])
                self.loader.write("incidents_perpetrationclaim",
                                  ["id", "act_id", "actor_id", "degree", "confidence", "note"], out["claims"])
                self.loader.write(inc_src, ["id", "incident_id", "source_id"], out["incident_sources"])
                self.loader.write(claim_src, ["id", "perpetrationclaim_id", "source_id"], out["claim_sources"])
            for key, table_rows in (("persons", "persons"), ("incidents", "incidents"), ("acts", "acts"),
                                    ("victims", "victims"), ("claims", "claims"),
                                    ("incident_sources", "incident_sources"), ("claim_sources", "claim_sources")):
                self.counts[key] += len(out[table_rows])
            if last % 50_000 == 0 or last == self.n_incidents:
                print(f"  incidents {last:>8,}  persons {self.next_person - 1:>9,}  "
                      f"{time.monotonic() - started:6.1f} s", flush=True)

    def other_persons(self) -> None:
        from django.db import transaction

        while self.next_person <= self.n_persons:
            rows = []
            while self.next_person <= self.n_persons and len(rows) < PERSON_BATCH:
                rows.append(self.person_row()[0])
            with transaction.atomic():
                self.loader.write("people_person", self.PERSON_COLUMNS, rows)
            self.counts["persons"] += len(rows)


def _cumulative(weights) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _victim_count(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.35:
        return 0
    if r < 0.60:
        return 1
    if r < 0.75:
        return 2
    if r < 0.85:
        return 3
    if r < 0.95:
        return rng.randint(4, 10)
    return rng.randint(11, 40)


def drop_search_indexes(connection) -> None:
    from sijill.search_index import drop_index_sql, drop_search_table_sql

    with connection.cursor() as cur:
        for table in SEARCH_TABLES:  # PostgreSQL: also the incidents' side table and its triggers
            for sql in [*drop_index_sql(connection.vendor, table), *drop_search_table_sql(connection.vendor, table)]:
                cur.execute(sql)


def create_search_indexes(connection) -> None:
    from sijill.search_index import current_index_sql

    with connection.cursor() as cur:
        for table in SEARCH_TABLES:
            for sql in current_index_sql(connection.vendor, table):
                cur.execute(sql)


def reset_sequences(connection) -> None:
    from django.core.management.color import no_style

    from sijill.incidents.models import Act, Incident, PerpetrationClaim, Victim
    from sijill.people.models import Person
    from sijill.sources.models import Source

    models = [Incident, Act, Victim, PerpetrationClaim, Person, Source,
              Incident.sources.through, PerpetrationClaim.sources.through]
    with connection.cursor() as cur:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cur.execute(sql)


def analyse(connection) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
            cur.execute("PRAGMA optimize")
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        raw = connection.connection
        old = raw.autocommit
        raw.autocommit = True
        try:
            raw.execute("VACUUM ANALYZE")
        finally:
            raw.autocommit = old


def verify_search_text(sample: int, seed: int) -> dict:
    """Compare stored search_text with the service's incident_search_text on a sample."""
    from sijill.incidents.models import Incident
    from sijill.incidents.services import incident_search_text

    ids = list(Incident.objects.order_by().values_list("id", flat=True))
    rng = random.Random(seed)
    checked, same_order, same_tokens = 0, 0, 0
    for incident in Incident.objects.select_related("place").filter(pk__in=rng.sample(ids, min(sample, len(ids)))):
        expected = incident_search_text(incident)
        checked += 1
        same_order += expected == incident.search_text
        same_tokens += set(expected.split()) == set(incident.search_text.split())
    if same_tokens != checked:
        raise SystemExit(f"search_text differs from the service's on {checked - same_tokens} of {checked} incidents")
    return {"checked": checked, "identical": same_order, "same_tokens": same_tokens}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=200_000)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL; default SQLite in --home")
    parser.add_argument("--home", type=Path, default=DEFAULT_HOME, help="SIJILL_HOME for the benchmark")
    parser.add_argument("--victims", type=int, default=None,
                        help="victim links to write (default: about 2.7 per incident, each a new person, "
                             "at most 60%% of --persons)")
    parser.add_argument("--seed", type=int, default=20110315)
    args = parser.parse_args(argv)
    if args.persons < args.incidents:
        parser.error("--persons must be at least --incidents")
    if args.victims is not None and args.victims < 0:
        parser.error("--victims must be 0 or more")

    check_bench_url(args.database_url)
    home = args.home.resolve()
    if args.database_url:
        recreate_postgres_database(args.database_url)
    else:
        for suffix in ("", "-wal", "-shm"):
            (home / f"sijill.sqlite3{suffix}").unlink(missing_ok=True)
    configure(database_url=args.database_url, home=home)

    from django.core.management import call_command
    from django.db import connection

    from sijill.accounts.models import Role, User
    from sijill.places.services import gazetteer_load

    timings: dict[str, float] = {}
    t0 = time.monotonic()

    def phase(name: str) -> None:
        nonlocal t0
        timings[name] = round(time.monotonic() - t0, 1)
        print(f"{name}: {timings[name]} s", flush=True)
        t0 = time.monotonic()

    call_command("migrate", verbosity=0)
    phase("migrate")
    gazetteer_load()
    User.objects.create(username=BENCH_USERNAME, role=Role.ANALYST, clearance=2)
    phase("gazetteer")
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("PRAGMA cache_size=-1000000")  # 1 GB page cache for the load
    drop_search_indexes(connection)
    gen = Generator(incidents=args.incidents, persons=args.persons, seed=args.seed, victims=args.victims)
    gen.sources()
    phase("sources")
    gen.incidents()
    phase("incidents, acts, claims, victims")
    gen.other_persons()
    phase("other persons")
    create_search_indexes(connection)
    phase("full-text index")
    if connection.vendor == "postgresql":
        reset_sequences(connection)
    analyse(connection)
    phase("analyse")
    verified = verify_search_text(200, args.seed)
    phase("verify search_text")
    summary = {
        "vendor": connection.vendor,
        "database": str(connection.settings_dict["NAME"]),
        "counts": gen.counts,
        "rare_incidents": sorted(gen.rare_incidents),
        "timings_s": timings,
        "total_s": round(sum(timings.values()), 1),
        "search_text_check": verified,
        "command": " ".join(["bench/generate.py", *(argv if argv is not None else sys.argv[1:])]),
    }
    (home / f"generate-{connection.vendor}.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps({k: summary[k] for k in ("counts", "total_s", "search_text_check")}, indent=2))
    return summary


if __name__ == "__main__":
    main()
